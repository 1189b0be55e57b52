using System.Globalization;

namespace Monitor.EndToEnd.Tests.Replicas;

/// <summary>
/// One collector replica as an operator runs it (<c>dotnet Monitor.Collector.dll</c>) on the
/// shared PostgreSQL database, with its own ports and report directory, short alert-lease
/// timings, webhooks and Alertmanager pointed at the test's counter, and the pages and API open
/// read-only (a closed test network).
/// </summary>
internal sealed class ReplicaCollector : IDisposable
{
    /// <summary>What a replica logs when it takes the alert lease.</summary>
    public const string LeaseTaken = "This collector holds the alert lease";

    private ReplicaCollector(string name, string directory, int grpcPort, int httpPort, RunningProgram program)
    {
        Name = name;
        ReportDirectory = Path.Combine(directory, "reports");
        GrpcAddress = $"http://127.0.0.1:{grpcPort}";
        HttpAddress = new Uri($"http://127.0.0.1:{httpPort}");
        Program = program;
        Http = new HttpClient { BaseAddress = HttpAddress };
    }

    public string Name { get; }

    /// <summary>Where agents push.</summary>
    public string GrpcAddress { get; }

    /// <summary>Pages, API and /metrics.</summary>
    public Uri HttpAddress { get; }

    /// <summary>This replica's own report directory.</summary>
    public string ReportDirectory { get; }

    public RunningProgram Program { get; }

    public HttpClient Http { get; }

    /// <summary>True once this replica said it took the alert lease (at any time so far).</summary>
    public bool TookLease => Program.CountOut(l => l.Contains(LeaseTaken, StringComparison.Ordinal)) > 0;

    /// <summary>Starts the replica and returns once it listens.</summary>
    public static async Task<ReplicaCollector> StartAsync(string name, string directory, string connectionString, WebhookCounter hooks, ReplicaTimings timings)
    {
        Directory.CreateDirectory(directory);
        int grpc = RunningProgram.FreePort(), http = RunningProgram.FreePort();
        var program = RunningProgram.StartDotnet(name, "Monitor.Collector.dll",
        [
            $"--Collector:Listen=http://127.0.0.1:{grpc}",
            $"--Collector:HttpListen=http://127.0.0.1:{http}",
            $"--Collector:DatabasePath={Path.Combine(directory, "unused.db")}",
            $"--Collector:ReportDirectory={Path.Combine(directory, "reports")}",
            "--Collector:Store:Kind=postgresql",
            $"--Collector:Store:ConnectionString={connectionString}",
            $"--Collector:Alerting:Webhooks:0={hooks.WebhookUrl}",
            $"--Collector:Alerting:AlertmanagerUrl={hooks.AlertmanagerUrl}",
            $"--Collector:Alerting:ResendInterval={Span(timings.ResendInterval)}",
            $"--Collector:Alerting:LeaseDuration={Span(timings.LeaseDuration)}",
            $"--Collector:Alerting:LeaseRenewInterval={Span(timings.LeaseRenewInterval)}",
            "--Collector:Alerting:RetryDelay=00:00:00.200",
            "--Collector:Web:Anonymous=read-only",
            "--Collector:Web:AnonymousMetrics=true",
            "--Collector:LogFormat=text",
        ], directory);
        var replica = new ReplicaCollector(name, directory, grpc, http, program);
        try
        {
            await program.WaitUntilAsync(() => program.CountOut(l => l.Contains("Agents push to", StringComparison.Ordinal)) > 0,
                TimeSpan.FromSeconds(60), "'Agents push to' (listening)");
            return replica;
        }
        catch
        {
            replica.Dispose();
            throw;
        }
    }

    /// <summary>GET <paramref name="path"/>; fails with the answer when it is not 200.</summary>
    public async Task<string> GetAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(path, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{Name} GET {path}: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>The value of <c>monitor_collector_alert_lease_held</c> on /metrics now.</summary>
    public async Task<double> LeaseHeldAsync()
    {
        var line = (await GetAsync("/metrics")).Split('\n').Single(l => l.StartsWith("monitor_collector_alert_lease_held ", StringComparison.Ordinal));
        return double.Parse(line.Split(' ')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>What this replica answered to pushes, from its log.</summary>
    public Drills.PushOutcomes Outcomes() => Drills.PushOutcomes.Read(Program.Out.Concat(Program.Err));

    /// <summary>SIGKILL: the replica dies at once, mid-push or mid-alert if it was in one.</summary>
    public Task KillAsync() => Program.KillAsync();

    public void Dispose()
    {
        Http.Dispose();
        Program.Dispose();
    }

    private static string Span(TimeSpan span) => span.ToString("c", CultureInfo.InvariantCulture);
}

/// <summary>The alert timings the replicas of a test run with: short, so a take-over is seconds.</summary>
internal sealed record ReplicaTimings(TimeSpan ResendInterval, TimeSpan LeaseDuration, TimeSpan LeaseRenewInterval)
{
    /// <summary>The longest a take-over may take: the lease runs out, then the next renewal takes it.</summary>
    public TimeSpan TakeOverBound => LeaseDuration + LeaseRenewInterval;
}
