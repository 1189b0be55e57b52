using System.Diagnostics;

namespace Monitor.EndToEnd.Tests.Aot;

/// <summary>
/// The agent as it ships: published once per test run by <c>deploy/publish-agent.sh</c> (NativeAOT,
/// trimmed, warnings are errors) into a scratch folder of its own, so a failing publish (a trim or
/// AOT warning) fails every test here with the compiler's output.
/// </summary>
public sealed class NativeAgent : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>The native executable.</summary>
    public string Program { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var output = _directory.File("publish");
        var (code, text) = await RunAsync(
            "bash", [Path.Combine(RepositoryPaths.Root, "deploy", "publish-agent.sh"), output, _directory.File("artifacts")], TimeSpan.FromMinutes(25));
        if (code != 0)
        {
            throw new InvalidOperationException($"deploy/publish-agent.sh exited {code}:\n{text}");
        }

        Program = Path.Combine(output, "Monitor.Agent");
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

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

    // Both streams in one, for a publish's failure message.
    private static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan bound)
    {
        var (code, stdout, stderr) = await RunAsync(program, arguments, bound, RepositoryPaths.Root);
        return (code, stdout + stderr);
    }
}
