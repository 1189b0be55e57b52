using System.Diagnostics;

namespace Monitor.EndToEnd.Tests.Packaging;

/// <summary>
/// The two Debian packages, built once for the tests by <c>deploy/package.sh</c> (the script an
/// operator or CI runs) and unpacked with <c>dpkg-deb -x</c> into scratch roots, as dpkg would
/// install them.
/// </summary>
public sealed class DebianPackages : IAsyncLifetime
{
    private readonly TemporaryDirectory _directory = new();

    /// <summary>The unpacked root of each package, by package name.</summary>
    public Dictionary<string, string> Roots { get; } = [];

    /// <summary>The .deb file of each package, by package name.</summary>
    public Dictionary<string, string> Files { get; } = [];

    /// <summary>What the script printed.</summary>
    public string BuildOutput { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var dist = _directory.File("dist");
        var (code, output) = await RunAsync("bash", [Path.Combine(RepositoryPaths.Root, "deploy", "package.sh"), "--out", dist], TimeSpan.FromMinutes(20));
        BuildOutput = output;
        if (code != 0)
        {
            throw new InvalidOperationException($"deploy/package.sh exited {code}:\n{output}");
        }

        foreach (var deb in Directory.GetFiles(dist, "*.deb"))
        {
            var package = Path.GetFileName(deb).Split('_')[0];
            var root = _directory.File($"root-{package}");
            Directory.CreateDirectory(root);
            var (x, xOutput) = await RunAsync("dpkg-deb", ["-x", deb, root], TimeSpan.FromMinutes(2));
            if (x != 0)
            {
                throw new InvalidOperationException($"dpkg-deb -x {deb} exited {x}:\n{xOutput}");
            }

            Roots[package] = root;
            Files[package] = deb;
        }
    }

    public Task DisposeAsync()
    {
        _directory.Dispose();
        return Task.CompletedTask;
    }

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
