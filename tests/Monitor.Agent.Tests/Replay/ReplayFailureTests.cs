using System.Text;

namespace Monitor.Agent.Tests.Replay;

/// <summary>A replay that fails says so and exits non-zero; a host only logs a failed worker and exits 0.</summary>
public sealed class ReplayFailureTests
{
    /// <summary>Standard output closed under the replay, as `replay --json | head -1` does.</summary>
    private sealed class ClosedOutput : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("Broken pipe");

        public override void Write(string? value) => throw new IOException("Broken pipe");
    }

    [Fact]
    public async Task RunAsync_TimelineCannotBeWritten_ExitsWithTheFailureCodeAndSaysWhy()
    {
        var error = new StringWriter();
        using var agent = AgentApplication.Build(["replay", RepositoryPaths.Scenario("cty-2017"), "--speed", "0", "--json"], new ClosedOutput());
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var exit = await AgentApplication.RunAsync(agent, error, bound.Token);

        Assert.False(bound.IsCancellationRequested, "the failed replay did not stop");
        Assert.Equal(AgentApplication.FailedExitCode, exit);
        Assert.Contains("DetectionWorker stopped on an error, so the agent stopped: IOException: Broken pipe", error.ToString(), StringComparison.Ordinal);
    }
}
