using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// Debian's prometheus-node-exporter, run by the test on a captured tree on a loopback port,
/// scraped once and stopped: the reference our storage sources must agree with.
/// </summary>
internal static class NodeExporter
{
    public const string Program = "prometheus-node-exporter";

    /// <summary>Series text ("node_disk_reads_completed_total{device=\"sdc\"}") to value.</summary>
    public static async Task<Dictionary<string, double>> ScrapeAsync(string root, params string[] collectors)
    {
        using var udev = new TemporaryDirectory();
        var port = FreePort();
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            $"--path.procfs={Path.Combine(root, "proc")}", $"--path.sysfs={Path.Combine(root, "sys")}", $"--path.udev.data={udev.Path}",
            "--collector.disable-defaults", "--collector.diskstats.device-exclude=^$", $"--web.listen-address=127.0.0.1:{port}",
        }.Concat(collectors.Select(c => $"--collector.{c}")))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            Assert.Fail($"{Program} is not installed: apt-get install {Program} ({e.Message})");
        }

        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            // It says "Listening on" once the port is open: no polling.
            var log = new List<string>();
            while (await process.StandardError.ReadLineAsync(limit.Token) is { } line)
            {
                log.Add(line);
                if (line.Contains("Listening on", StringComparison.Ordinal))
                {
                    break;
                }
            }

            Assert.False(process.HasExited, $"{Program} stopped: {string.Join('\n', log)}");
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            using var http = new HttpClient();
            var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/metrics"), limit.Token);
            return Parse(text);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    /// <summary>Reads Prometheus text exposition into series and values.</summary>
    public static Dictionary<string, double> Parse(string text)
    {
        var series = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n').Where(l => l.Length > 0 && l[0] != '#'))
        {
            var space = line.LastIndexOf(' ');
            series[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return series;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
