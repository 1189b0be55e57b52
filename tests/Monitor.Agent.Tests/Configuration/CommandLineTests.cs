using Monitor.Agent.Configuration;

namespace Monitor.Agent.Tests.Configuration;

public sealed class CommandLineTests
{
    [Fact]
    public void Parse_NoArguments_RunsWithDefaults()
    {
        var command = CommandLine.Parse([]);

        Assert.Equal("run", command.Verb);
        Assert.Null(command.ConfigPath);
        Assert.Empty(command.ConfigurationArgs);
    }

    [Fact]
    public void Parse_Replay_EnablesReplayAndUsesTheScenarioTopology()
    {
        var command = CommandLine.Parse(["replay", "scenarios/cty", "--speed", "0", "--collector", "http://127.0.0.1:5000"]);

        Assert.Equal("replay", command.Verb);
        Assert.Contains("--Agent:Sources:Replay:Enabled=true", command.ConfigurationArgs);
        Assert.Contains("--Agent:Sources:Replay:Path=scenarios/cty", command.ConfigurationArgs);
        Assert.Contains($"--Agent:TopologyPath={Path.Combine("scenarios/cty", "topology.json")}", command.ConfigurationArgs);
        Assert.Contains("--Agent:Sources:Replay:Speed=0", command.ConfigurationArgs);
        Assert.Contains("--Agent:Collector:Address=http://127.0.0.1:5000", command.ConfigurationArgs);
        Assert.Contains("--Agent:ExitWhenDone=true", command.ConfigurationArgs);
    }

    [Fact]
    public void Parse_OverrideAfterReplay_ComesLastSoItWins()
    {
        var command = CommandLine.Parse(["replay", "dir", "--Agent:TopologyPath=other.json"]);

        Assert.Equal("--Agent:TopologyPath=other.json", command.ConfigurationArgs[^1]);
    }

    [Theory]
    [InlineData(new[] { "replay" }, "replay needs a scenario folder")]
    [InlineData(new[] { "frobnicate" }, "unknown command 'frobnicate'")]
    [InlineData(new[] { "run", "--speed", "3" }, "unknown argument '--speed'")]
    [InlineData(new[] { "run", "--config" }, "--config needs a value")]
    public void Parse_BadArguments_SaysWhatIsWrong(string[] args, string expected)
    {
        var error = Assert.Throws<ConfigurationError>(() => CommandLine.Parse(args));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
