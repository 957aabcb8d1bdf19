namespace Wbcheck.Model.Runtime;

/// <summary>
/// A field that records history for a report (which step did something), not kernel state: two
/// schedules that reach the same state by different paths differ in it, so the engine's state
/// fingerprints leave it out.
/// </summary>
[AttributeUsage(AttributeTargets.Field)]
public sealed class NotStateAttribute : Attribute;
