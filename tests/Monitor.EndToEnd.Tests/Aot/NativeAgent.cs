using System.Diagnostics;
using Monitor.EndToEnd.Tests.Packaging;

namespace Monitor.EndToEnd.Tests.Aot;

/// <summary>
/// The agent as it ships: the executable of the monitor-agent package, which deploy/package.sh
/// compiles with NativeAOT (deploy/publish-agent.sh: trimmed, trim and AOT warnings are errors).
/// The package is built once per test run (<see cref="PackageBuild"/>), so the agent is compiled
/// natively once; a failing publish (a trim or AOT warning) fails every test here with the
/// compiler's output.
/// </summary>
public sealed class NativeAgent : IAsyncLifetime
{
    /// <summary>The native executable, as unpacked from the package.</summary>
    public string Program { get; private set; } = "";

    public async Task InitializeAsync() => Program = (await PackageBuild.OnceAsync()).NativeAgent;

    // The build is the run's: it goes when the test process ends.
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs <paramref name="program"/> to its end in the repository's root; its exit code, standard output and standard error.</summary>
    public static async Task<(int Code, string Out, string Err)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan bound, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory ?? RepositoryPaths.Root,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(bound);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', arguments)} did not end within {bound}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
