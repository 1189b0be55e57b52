using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Monitor.Collector.Tests;

/// <summary>The collector as an operator starts it: a real process, its exit code and its stderr.</summary>
public sealed class ProgramTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Main_UnknownTimeZone_PrintsOneLineToStderrAndExitsWithTwo()
    {
        var collector = Path.Combine(AppContext.BaseDirectory, "Monitor.Collector.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _directory.Path,
        };
        foreach (var argument in new[] { collector, "--Collector:TimeZone=Asia/Tokio", "--Collector:Listen=http://127.0.0.1:0", "--Collector:HttpListen=http://127.0.0.1:0" })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Equal(
            "monitor-collector: configuration error: Collector:TimeZone = 'Asia/Tokio' is not a known IANA time zone; expected e.g. Asia/Tokyo\n",
            await stderr);
        Assert.Equal("", await stdout);
        Assert.False(Directory.Exists(_directory.File("data")), "nothing is created before the configuration is valid");
    }
    private async Task<(int Code, string Stdout, string Stderr)> RunAsync(params string[] args)
    {
        var collector = Path.Combine(AppContext.BaseDirectory, "Monitor.Collector.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _directory.Path,
        };
        foreach (var argument in new[] { collector }.Concat(args))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        return (process.ExitCode, await stdout, await stderr);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public async Task Main_Help_PrintsUsageAndExitsZeroWithoutStarting(string flag)
    {
        // Before, the collector ignored --help and started its server on the default ports.
        var (code, stdout, stderr) = await RunAsync(flag);

        Assert.Equal(0, code);
        Assert.StartsWith("usage: monitor-collector", stdout, StringComparison.Ordinal);
        Assert.Equal("", stderr);
        Assert.False(Directory.Exists(_directory.File("data")), "--help starts nothing");
    }

    [Fact]
    public async Task Main_Version_PrintsTheReleaseAndRevisionAndExitsZero()
    {
        var (code, stdout, _) = await RunAsync("--version");

        Assert.Equal(0, code);
        Assert.Matches(@"^monitor-collector \d+\.\d+\.\d+ \(([0-9a-f]{12}|unknown), \.NET 10\.[^)]*\)\n$", stdout);
    }

    [Fact]
    public async Task Main_PortAlreadyInUse_NamesTheSettingsAndExitsTwoWithoutAStackTrace()
    {
        using var holder = new TcpListener(IPAddress.Loopback, 0);
        holder.Start();
        var port = ((IPEndPoint)holder.LocalEndpoint).Port;

        var (code, _, stderr) = await RunAsync($"--Collector:Listen=http://127.0.0.1:{port}", "--Collector:HttpListen=http://127.0.0.1:0");

        Assert.Equal(2, code);
        Assert.Contains(
            $"monitor-collector: Collector:Listen or Collector:HttpListen: Failed to bind to address http://127.0.0.1:{port}: address already in use.",
            stderr,
            StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", stderr, StringComparison.Ordinal);
    }
}
