namespace Wbcheck.Snapshots.Tests;

public sealed class SnapshotEnvironmentTests
{
    [Theory]
    [InlineData("CI", "true", "CI=true")]
    [InlineData("CI", "1", "CI=1")]
    [InlineData("CI", "TRUE", "CI=TRUE")]
    [InlineData("TF_BUILD", "True", "TF_BUILD=True")]
    [InlineData("GITHUB_ACTIONS", "true", "GITHUB_ACTIONS=true")]
    [InlineData("GITLAB_CI", "true", "GITLAB_CI=true")]
    [InlineData("JENKINS_URL", "http://jenkins:8080/", "JENKINS_URL=http://jenkins:8080/")]
    [InlineData("TEAMCITY_VERSION", "2024.1", "TEAMCITY_VERSION=2024.1")]
    [InlineData("BUILDKITE", "true", "BUILDKITE=true")]
    [InlineData("APPVEYOR", "True", "APPVEYOR=True")]
    [InlineData("TRAVIS", "true", "TRAVIS=true")]
    [InlineData("CIRCLECI", "true", "CIRCLECI=true")]
    public void Build_servers_are_detected(string name, string value, string reported)
    {
        var environment = From(new() { [name] = value });

        Assert.True(environment.IsCi);
        Assert.Equal(reported, environment.CiVariable);
    }

    [Theory]
    [InlineData("CI", "false")]
    [InlineData("CI", "0")]
    [InlineData("CI", "")]
    [InlineData("CI", "yes-please")]
    [InlineData("GITHUB_ACTIONS", "false")]
    [InlineData("TRAVIS", "0")]
    [InlineData("PATH", "/usr/bin")]
    public void A_developer_machine_is_not_a_build_server(string name, string value)
    {
        Assert.False(From(new() { [name] = value }).IsCi);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("true", true)]
    [InlineData("0", false)]
    [InlineData("", false)]
    public void Accept_variable_is_opt_in(string value, bool accepts)
    {
        var environment = From(new() { [SnapshotEnvironment.AcceptVariable] = value });

        Assert.Equal(accepts, environment.AcceptNew);
        Assert.Equal(accepts, environment.MayCreateMissing);
    }

    [Fact]
    public void Accept_variable_is_ignored_under_CI()
    {
        var environment = From(new() { [SnapshotEnvironment.AcceptVariable] = "1", ["CI"] = "true" });

        Assert.True(environment.AcceptNew);
        Assert.False(environment.MayCreateMissing);
    }

    private static SnapshotEnvironment From(Dictionary<string, string> variables) =>
        SnapshotEnvironment.From(name => variables.GetValueOrDefault(name), "/tmp/");
}
