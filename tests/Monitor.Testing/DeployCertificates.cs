using System.Diagnostics;

namespace Monitor.Testing;

/// <summary>Certificates made by <c>deploy/make-certs.sh</c>, the script an operator runs: a CA, the collector's, and one per agent named.</summary>
public static class DeployCertificates
{
    /// <summary>Runs the script into <paramref name="folder"/> for <paramref name="agents"/> (<c>id:site</c> each); throws with its output when it fails.</summary>
    public static async Task MakeAsync(string folder, params string[] agents)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { RepositoryPaths.File("deploy/make-certs.sh"), "--out", folder }.Concat(agents))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(bound.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/make-certs.sh exited {process.ExitCode}: {await output}{await error}");
        }
    }
}
