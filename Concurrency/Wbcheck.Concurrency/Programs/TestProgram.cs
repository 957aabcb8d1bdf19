namespace Wbcheck.Concurrency.Programs;

/// <summary>An <see cref="ITestProgram"/> made of a name and a setup delegate, for small programs and tests.</summary>
public sealed class TestProgram(
    string name,
    Action<ProgramSetup> build,
    bool terminates = true,
    IReadOnlyDictionary<string, string>? parameters = null) : ITestProgram
{
    public string Name { get; } = name;

    public IReadOnlyDictionary<string, string> Parameters { get; } = parameters ?? new Dictionary<string, string>();

    public bool Terminates { get; } = terminates;

    public void Setup(ProgramSetup setup) => build(setup);
}
