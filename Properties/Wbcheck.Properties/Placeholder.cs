namespace Wbcheck.Properties;
internal static class Placeholder { }
