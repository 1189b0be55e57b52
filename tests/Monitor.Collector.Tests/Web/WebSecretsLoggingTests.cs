using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Collector.Tests.Web;

/// <summary>
/// The collector as a process logging everything (Trace) while people and programs sign in
/// right and wrong: no password or token, right or wrong, ever reaches its output.
/// </summary>
public sealed partial class WebSecretsLoggingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refusals;
    private readonly TaskCompletionSource _refusalsSeen = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _refusalsExpected = int.MaxValue;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task Collector_SignInsRightAndWrong_NoSecretInItsLogs()
    {
        var secrets = WebSecrets.Create(_directory);
        var config = _directory.File("collector.json");
        await File.WriteAllTextAsync(config, $$"""
            { "Collector": { "DatabasePath": "{{_directory.File("collector.db")}}", "ReportDirectory": "{{_directory.File("reports")}}", "Web": {{secrets.WebSection()}} } }
            """);
        using var process = StartCollector(config);
        try
        {
            var address = await _listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            using var http = new HttpClient { BaseAddress = address };
            var wrongPassword = secrets.OnCallPassword + "-wrong";
            var wrongToken = secrets.Token + "-wrong";
            var attempts = new (AuthenticationHeaderValue Authorization, HttpStatusCode Expected)[]
            {
                (RunningCollector.BasicOf(RunningCollector.OnCallName, secrets.OnCallPassword), HttpStatusCode.OK),
                (new("Bearer", secrets.Token), HttpStatusCode.OK),
                (RunningCollector.BasicOf(RunningCollector.OnCallName, wrongPassword), HttpStatusCode.Unauthorized),
                (RunningCollector.BasicOf(secrets.OnCallPassword, secrets.OnCallPassword), HttpStatusCode.Unauthorized),
                (new("Bearer", wrongToken), HttpStatusCode.Unauthorized),
                (new("Bearer", secrets.OnCallPassword), HttpStatusCode.Unauthorized),
            };
            Expect(refusals: 4);

            foreach (var (authorization, expected) in attempts)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/summary") { Headers = { Authorization = authorization } };
                using var response = await http.SendAsync(request);
                Assert.Equal(expected, response.StatusCode);
            }

            await _refusalsSeen.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        finally
        {
            await StopAsync(process);
        }

        var output = Output();
        Assert.Contains("Web sign-in refused", output, StringComparison.Ordinal);
        Assert.Contains($"wrong password for user '{RunningCollector.OnCallName}'", output, StringComparison.Ordinal);
        Assert.Contains("passwords and tokens travel unencrypted", output, StringComparison.Ordinal);
        foreach (var secret in new[] { secrets.OnCallPassword, secrets.ReaderPassword, secrets.Token })
        {
            Assert.DoesNotContain(secret, output, StringComparison.Ordinal);
            Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes($"{RunningCollector.OnCallName}:{secret}")), output, StringComparison.Ordinal);
        }
    }

    private Process StartCollector(string config)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _directory.Path,
        };
        foreach (var argument in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "Monitor.Collector.dll"), "--config", config,
            "--Collector:Listen=http://127.0.0.1:0", "--Collector:HttpListen=http://127.0.0.1:0",
            "--Logging:LogLevel:Default=Trace", "--Logging:LogLevel:Microsoft.AspNetCore=Trace",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Line(e.Data);
        process.ErrorDataReceived += (_, e) => Line(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task StopAsync(Process process)
    {
        if (!process.HasExited)
        {
            // SIGTERM: the host stops and flushes its log queue; a kill would lose the last lines.
            using var term = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await term.WaitForExitAsync();
        }

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(bound.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
    }

    private void Expect(int refusals)
    {
        lock (_output)
        {
            _refusalsExpected = refusals;
            if (_refusals >= refusals)
            {
                _refusalsSeen.TrySetResult();
            }
        }
    }

    private void Line(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
            if (line.Contains("Web sign-in refused", StringComparison.Ordinal) && ++_refusals >= _refusalsExpected)
            {
                _refusalsSeen.TrySetResult();
            }
        }

        if (ListeningOn().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.ToString();
        }
    }

    [GeneratedRegex(@"health, metrics and API on (http://\S+)")]
    private static partial Regex ListeningOn();
}
