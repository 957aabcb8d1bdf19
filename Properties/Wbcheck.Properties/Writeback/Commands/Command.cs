namespace Wbcheck.Properties.Writeback.Commands;

/// <summary>
/// One command of a generated case: start an operation as a model thread, advance a paused
/// operation, or complete an I/O. Commands are plain data; <see cref="Running.WritebackWorld"/>
/// gives them their meaning, and each prints as one short line of the counterexample.
/// </summary>
public abstract record Command;
