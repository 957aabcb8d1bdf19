namespace Wbcheck.Concurrency;
internal static class Placeholder { }
