using System.Diagnostics;

namespace Monitor.EndToEnd.Tests.Packaging;

/// <summary>
/// The two Debian packages of this test run (<see cref="PackageBuild"/>: built once by
/// <c>deploy/package.sh</c>, shared with the AOT and live tests), unpacked into scratch roots.
/// </summary>
public sealed class DebianPackages : IAsyncLifetime
{
    /// <summary>The unpacked root of each package, by package name.</summary>
    public IReadOnlyDictionary<string, string> Roots { get; private set; } = new Dictionary<string, string>();

    /// <summary>The .deb file of each package, by package name.</summary>
    public IReadOnlyDictionary<string, string> Files { get; private set; } = new Dictionary<string, string>();

    /// <summary>What the script printed.</summary>
    public string BuildOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var build = await PackageBuild.OnceAsync();
        Roots = build.Roots;
        Files = build.Files;
        BuildOutput = build.Output;
    }

    // The build is the run's, not this class's: it goes when the test process ends.
    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Runs a program to its end; returns its exit code and both streams.</summary>
    public static async Task<(int Code, string Output)> RunAsync(string program, IEnumerable<string> arguments, TimeSpan bound)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepositoryPaths.Root };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(bound);
        return (process.ExitCode, await stdout + await stderr);
    }
}
