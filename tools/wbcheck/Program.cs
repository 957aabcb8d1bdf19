System.Console.WriteLine("wbcheck");
