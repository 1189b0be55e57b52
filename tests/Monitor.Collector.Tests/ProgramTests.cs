using System.Diagnostics;

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
}
