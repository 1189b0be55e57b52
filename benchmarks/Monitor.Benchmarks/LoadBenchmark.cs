using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Monitor.Collector;
using Monitor.Collector.Store;
using Monitor.Collector.Tests.Store;

namespace Monitor.Benchmarks;

/// <summary>
/// Many agents pushing to one collector over mutual TLS on loopback: sustained revisions per
/// second and per-push latency (p50/p99), with the SQLite store and with PostgreSQL. The
/// collector runs in this process (the real application, built from configuration) and the
/// certificates come from <c>deploy/make-certs.sh</c>. Afterwards every acknowledged revision
/// is looked up in the store, so a run that lost or invented revisions fails.
/// Two ways to load it: closed loop (every agent pushes again as soon as it is acknowledged: the
/// most the collector sustains, latency then is mostly queueing), or paced (<c>interval</c>
/// seconds between an agent's pushes, started at random offsets: latency at a given rate).
/// Usage: <c>load [agents] [seconds] [sqlite|postgresql|both] [interval]</c>.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var agents = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var stores = (args.Length > 2 ? args[2] : "both") switch
        {
            "sqlite" => new[] { "sqlite" },
            "postgresql" => ["postgresql"],
            "both" => ["sqlite", "postgresql"],
            var other => throw new ArgumentException($"store '{other}': use sqlite, postgresql or both"),
        };

        var interval = TimeSpan.FromSeconds(args.Length > 3 ? double.Parse(args[3], CultureInfo.InvariantCulture) : 0);
        var directory = Path.Combine(Path.GetTempPath(), $"monitor-load-{Environment.ProcessId}");
        try
        {
            var certificates = Path.Combine(directory, "certs");
            var made = Stopwatch.StartNew();
            await MakeCertificatesAsync(certificates, agents);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{agents:N0} agent certificates by deploy/make-certs.sh in {made.Elapsed.TotalSeconds:0.0} s; {Environment.ProcessorCount} cores; collector in this process"));

            var failed = false;
            foreach (var store in stores)
            {
                failed |= !await RunOneAsync(store, directory, certificates, agents, TimeSpan.FromSeconds(seconds), interval);
            }

            return failed ? 1 : 0;
        }
        finally
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    private static async Task<bool> RunOneAsync(string store, string directory, string certificates, int count, TimeSpan duration, TimeSpan interval)
    {
        PostgresServer? postgres = null;
        var settings = new List<string>
        {
            "--Collector:Listen=https://127.0.0.1:0",
            "--Collector:HttpListen=http://127.0.0.1:0",
            $"--Collector:Tls:CertificatePath={Path.Combine(certificates, "collector.pem")}",
            $"--Collector:Tls:KeyPath={Path.Combine(certificates, "collector.key")}",
            $"--Collector:Tls:ClientCaPath={Path.Combine(certificates, "ca.pem")}",
            $"--Collector:DatabasePath={Path.Combine(directory, store, "collector.db")}",
            $"--Collector:ReportDirectory={Path.Combine(directory, store, "reports")}",

            // Information would log one line per push; at this rate that measures the console.
            "--Logging:LogLevel:Default=Warning",
        };
        if (store == "postgresql")
        {
            postgres = new PostgresServer();
            await postgres.StartAsync();
            settings.Add("--Collector:Store:Kind=postgresql");
            settings.Add($"--Collector:Store:ConnectionString={await postgres.CreateDatabaseAsync()}");
        }

        await using var stopPostgres = postgres;
        var app = CollectorApplication.Build([.. settings]);
        await app.StartAsync();
        try
        {
            return await DriveAsync(store, app, certificates, count, duration, interval);
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    private static async Task<bool> DriveAsync(string store, WebApplication app, string certificates, int count, TimeSpan duration, TimeSpan interval)
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(Path.Combine(certificates, "ca.pem"));
        var address = CollectorApplication.BoundAddress(app);
        var agents = Enumerable.Range(1, count)
            .Select(i => new SimulatedAgent(
                address,
                AgentId(i),
                Site(i),
                Path.Combine(certificates, "agents", AgentId(i) + ".pem"),
                Path.Combine(certificates, "agents", AgentId(i) + ".key"),
                ca))
            .ToList();
        try
        {
            // Every agent connects (TLS handshake) and pushes its first revision at once, as after
            // a collector restart; then all push in a closed loop for the measured period.
            var connecting = Stopwatch.StartNew();
            await Task.WhenAll(agents.Select(agent => agent.PushOneAsync(CancellationToken.None)));
            var connected = connecting.Elapsed;

            var cpuBefore = ProcessCpuTime.Now();
            var gen2Before = GC.CollectionCount(2);
            var latencies = new List<double>[count];
            using var stop = new CancellationTokenSource(duration);
            var measured = Stopwatch.StartNew();
            await Task.WhenAll(agents.Select((agent, index) => PushUntilAsync(agent, latencies[index] = [], interval, stop.Token)));
            var elapsed = measured.Elapsed;
            var cpu = ProcessCpuTime.Now() - cpuBefore;

            var all = latencies.SelectMany(l => l).Order().ToArray();
            var missing = await MissingAsync(app.Services.GetRequiredService<IIncidentStore>(), agents);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""
                store {store}: {count:N0} agents over mutual TLS, {(interval == TimeSpan.Zero ? "closed loop" : $"one push per agent every {interval.TotalSeconds:0.#} s")}
                  connect + first push of all agents  {connected.TotalSeconds,8:0.00} s
                  measured period                     {elapsed.TotalSeconds,8:0.0} s
                  revisions acknowledged               {all.Length,8:N0}
                  sustained                           {all.Length / elapsed.TotalSeconds,8:N0} revisions/s
                  push latency p50 / p99 / max        {Percentile(all, 0.50),8:0.0} / {Percentile(all, 0.99):0.0} / {all[^1]:0.0} ms
                  CPU (collector + agents)            {cpu.TotalSeconds / elapsed.TotalSeconds * 100,8:0} % of one core
                  gen2 collections                    {GC.CollectionCount(2) - gen2Before,8}
                  working set                         {Environment.WorkingSet / 1024.0 / 1024.0,8:0} MiB
                  stored revisions missing             {missing,8}
                """));
            return missing == 0;
        }
        finally
        {
            foreach (var agent in agents)
            {
                agent.Dispose();
            }
        }
    }

    private static async Task PushUntilAsync(SimulatedAgent agent, List<double> latencies, TimeSpan interval, CancellationToken stop)
    {
        // Paced agents start at random points of the interval, as real agents do.
        var next = Stopwatch.GetTimestamp() + (long)(Random.Shared.NextDouble() * interval.TotalSeconds * Stopwatch.Frequency);
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (interval > TimeSpan.Zero)
                {
                    var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), next);
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, stop);
                    }

                    next += (long)(interval.TotalSeconds * Stopwatch.Frequency);
                }

                latencies.Add((await agent.PushOneAsync(stop)).TotalMilliseconds);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Grpc.Core.RpcException e) when (e.StatusCode == Grpc.Core.StatusCode.Cancelled && stop.IsCancellationRequested)
            {
                return;
            }
        }
    }

    // Every revision an agent saw acknowledged as stored must be in the store.
    private static async Task<long> MissingAsync(IIncidentStore store, List<SimulatedAgent> agents)
    {
        long missing = 0;
        foreach (var agent in agents)
        {
            for (var incident = 1L; incident <= agent.Incidents; incident++)
            {
                var stored = await store.GetRevisionsAsync(agent.IncidentId(incident), CancellationToken.None);
                missing += Math.Max(0, agent.RevisionsIn(incident) - stored.Count);
            }
        }

        return missing;
    }

    private static double Percentile(double[] sorted, double quantile) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    private static string AgentId(int index) => $"load{index:0000}";

    private static string Site(int index) => $"site{index % 10}";

    private static async Task MakeCertificatesAsync(string directory, int count)
    {
        var script = Path.Combine(RepositoryRoot(), "deploy", "make-certs.sh");
        var start = new ProcessStartInfo(script) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(directory);
        for (var i = 1; i <= count; i++)
        {
            start.ArgumentList.Add($"{AgentId(i)}:{Site(i)}");
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {script}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{script} exited with {process.ExitCode}: {await error}{await output}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Monitor.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"Monitor.sln not found above {AppContext.BaseDirectory}; run the benchmark from the repository");
    }
}
