using System.Diagnostics;
using Xunit.Sdk;

namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>Runs Debian's promtool; the tests fail, naming the package, when it is not installed.</summary>
internal static class Promtool
{
    public const string DebianPackage = "prometheus";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public static async Task<PromtoolRun> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo(Locate())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new XunitException("promtool did not start");
        using var bound = new CancellationTokenSource(Timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(bound.Token);
        var stderr = process.StandardError.ReadToEndAsync(bound.Token);
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new XunitException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout.TotalMinutes:0} minutes");
        }

        // promtool writes its header to stdout and the failures to stderr.
        return new PromtoolRun(process.ExitCode, await stdout + await stderr);
    }

    private static string Locate()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, "promtool");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new XunitException($"promtool is not on PATH: install the Debian package '{DebianPackage}' (apt-get install {DebianPackage}); .ci/run does");
    }
}
