namespace Wbcheck.Snapshots;
internal static class Placeholder { }
