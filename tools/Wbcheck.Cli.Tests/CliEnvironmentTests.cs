namespace Wbcheck.Cli.Tests;

/// <summary>The commands wbcheck prints start the way the user started it.</summary>
public sealed class CliEnvironmentTests
{
    [Fact]
    public void Installed_as_a_global_tool_it_is_wbcheck() =>
        Assert.Equal("wbcheck", CliEnvironment.Prefix("/home/u/.dotnet/tools/.store/wbcheck/0.1.0/wbcheck/0.1.0/tools/net10.0/any/", "/home/u"));

    [Fact]
    public void Installed_as_a_local_tool_it_is_dotnet_wbcheck() =>
        Assert.Equal("dotnet wbcheck", CliEnvironment.Prefix("/root/.nuget/packages/wbcheck/0.1.0/tools/net10.0/any/", "/work/project"));

    [Fact]
    public void Run_from_the_source_tree_it_is_dotnet_run_with_the_project_relative_to_the_current_folder()
    {
        var project = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "wbcheck"));
        Assert.True(File.Exists(Path.Combine(project, "wbcheck.csproj")), project);
        var build = Path.Combine(project, "bin", "Debug", "net10.0") + Path.DirectorySeparatorChar;
        var root = Path.GetFullPath(Path.Combine(project, "..", ".."));

        Assert.Equal("dotnet run --project tools/wbcheck --", CliEnvironment.Prefix(build, root));
        Assert.Equal("dotnet run --project ../wbcheck --", CliEnvironment.Prefix(build, Path.Combine(root, "tools", "Wbcheck.Cli.Tests")));
    }

    [Fact]
    public void Paths_are_shown_relative_to_the_current_folder_when_under_it_and_quoted_when_they_need_it()
    {
        var environment = new CliEnvironment(false, "wbcheck", "/work/project");

        Assert.Equal("out/a.json", environment.Show("/work/project/out/a.json"));
        Assert.Equal("/tmp/a.json", environment.Show("/tmp/a.json"));
        Assert.Equal("wbcheck replay 'my traces/a.json'", environment.Command("replay", "my traces/a.json"));
    }
}
