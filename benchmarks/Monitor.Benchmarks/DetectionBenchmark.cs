using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Runtime.InteropServices;
using Monitor.Core.Correlation;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Benchmarks;

/// <summary>
/// Rule evaluation and correlation per cycle for a site of 64 controllers, 512 paths and 16 mail
/// hosts (issue 4): the real <see cref="TopologyLoader"/>, the real <see cref="DetectionPipeline"/>
/// with every rule, a stepping clock. Two hours of healthy cycles fill the signal window first
/// (the rules then read windows as full as they will ever be), then a measured healthy phase
/// (must find nothing) and a measured fault phase (a controller stops, a path turns gray: must
/// give exactly the two expected incidents). Per cycle: wall time, CPU time and bytes allocated,
/// for taking the samples (<see cref="DetectionPipeline.Observe(in Sample)"/>) and for rules,
/// correlation and incident tracking (<see cref="DetectionPipeline.Evaluate"/>) separately.
/// Exits 1 when the site did not behave as scripted, so it cannot silently measure nothing.
/// </summary>
internal static class DetectionBenchmark
{
    private const int Seed = 20170113;
    private const int RuleRepeats = 20;
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(15); // the agent's default source interval

    public static int Run(string[] args)
    {
        // A benchmark, not a test: it prints figures. Run: dotnet run -c Release --project benchmarks/Monitor.Benchmarks -- detection [cycles]
        var cycles = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 240;
        if (cycles < SiteSimulator.FaultCyclesNeeded)
        {
            Console.Error.WriteLine($"detection: at least {SiteSimulator.FaultCyclesNeeded} cycles per phase, so the fault runs its course");
            return 2;
        }

        var site = DetectionSite.Generate(Seed);
        var json = site.TopologyJson();
        var loadWatch = Stopwatch.StartNew();
        var topology = TopologyLoader.Load(new MemoryStream(json), "bench-topology.json");
        loadWatch.Stop();

        var options = new DetectionOptions();
        var pipeline = new DetectionPipeline(topology, options, new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "bench-agent");
        var problems = new List<string>();
        pipeline.UnknownEntity += entity => problems.Add($"samples name '{entity}', which the topology does not know");
        pipeline.RuleFailed += failure => problems.Add($"rule {failure.Rule} threw {failure.Error.GetType().Name}: {failure.Error.Message}");

        var clock = new SteppingClock();
        var simulator = new SiteSimulator(site, Seed, Interval);
        var samples = new List<Sample>(16_384);
        var fill = (int)(options.WindowLength / Interval);

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"detection: {site.Controllers.Count} controllers ({DetectionSite.Pairs} pairs), {site.Paths.Count} paths, {site.Hosts.Count} mail hosts, "
            + $"{site.Volumes.Count} volumes, {site.Services.Count} services, {topology.Entities.Count()} entities; one cycle = {Interval.TotalSeconds:0} s"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"topology: {json.Length / 1024.0:0} KiB of JSON through TopologyLoader.Load in {loadWatch.Elapsed.TotalMilliseconds:0} ms (first call, JIT included)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC; "
            + $"fill: {fill} healthy cycles ({options.WindowLength.TotalHours:0} h, the window length), then {cycles} healthy and {cycles} fault cycles measured"));

        var filling = RunPhase("fill", fill, -1);
        // The window as full as it gets (issue 12 asks under 40 MB): measured before the healthy phase runs.
        var heapAfterFill = GC.GetTotalMemory(true);
        var healthy = RunPhase("healthy", cycles, -1);
        var healthyRules = RuleBreakdown();
        var fault = RunPhase("fault", cycles, 0);
        var faultRules = RuleBreakdown();

        using (var process = Process.GetCurrentProcess())
        {
            process.Refresh();
            Console.WriteLine();
            Console.WriteLine($"{"phase",-8} {"stage",-9} {"cycles",6} {"samples",8} {"mean ms",8} {"p50 ms",7} {"p99 ms",7} {"max ms",7} {"CPU ms",7} {"KiB alloc",10} {"gen0/1/2",10}");
            foreach (var phase in new[] { filling, healthy, fault })
            {
                phase.Print();
            }

            Console.WriteLine();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"heap after fill: {heapAfterFill / 1024.0 / 1024.0:0.0} MiB after a full GC, {heapAfterFill / (double)pipeline.Window.SeriesCount / 1024.0:0.00} KiB a series; "
                + $"gen1/gen2 collections: healthy {healthy.Gen1}/{healthy.Gen2}, fault {fault.Gen1}/{fault.Gen2}"));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"memory: peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MiB, managed heap after a full GC {GC.GetTotalMemory(true) / 1024.0 / 1024.0:0} MiB "
                + $"({pipeline.Window.SeriesCount:N0} series in the window, {fill} points each at most)"));
        }

        Console.WriteLine();
        Console.WriteLine($"per rule, on the full window at the end of each phase (mean of {RuleRepeats} runs):");
        Console.WriteLine($"{"rule",-24} {"healthy µs",11} {"KiB",8} {"fault µs",10} {"KiB",8} {"findings",9}");
        for (var i = 0; i < healthyRules.Count; i++)
        {
            var (name, hUs, hKiB, _) = healthyRules[i];
            var (_, fUs, fKiB, fFound) = faultRules[i];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-24} {hUs,11:0} {hKiB,8:0.0} {fUs,10:0} {fKiB,8:0.0} {fFound,9}"));
        }

        Console.WriteLine();
        var ok = Check(filling, healthy, fault);
        foreach (var problem in problems.Distinct().Take(20))
        {
            Console.WriteLine($"FAIL: {problem}");
        }

        if (ok && problems.Count == 0)
        {
            Console.WriteLine("checks: passed");
            return 0;
        }

        Console.WriteLine("checks: FAILED, the figures above do not measure the scripted site");
        return 1;

        Phase RunPhase(string name, int count, int firstFaultCycle)
        {
            var phase = new Phase(name, count);
            var gen0 = GC.CollectionCount(0);
            var gen1 = GC.CollectionCount(1);
            var gen2 = GC.CollectionCount(2);
            for (var i = 0; i < count; i++)
            {
                clock.Step(Interval);
                var now = clock.GetUtcNow();
                simulator.Fill(now, firstFaultCycle < 0 ? -1 : firstFaultCycle + i, samples);

                var bytes0 = GC.GetAllocatedBytesForCurrentThread();
                var cpu0 = ProcessCpuTime.Now();
                var wall0 = Stopwatch.GetTimestamp();
                foreach (ref readonly var sample in CollectionsMarshal.AsSpan(samples))
                {
                    pipeline.Observe(sample);
                }

                var wall1 = Stopwatch.GetTimestamp();
                var cpu1 = ProcessCpuTime.Now();
                var bytes1 = GC.GetAllocatedBytesForCurrentThread();
                var result = pipeline.Evaluate(now);
                var wall2 = Stopwatch.GetTimestamp();
                var cpu2 = ProcessCpuTime.Now();
                var bytes2 = GC.GetAllocatedBytesForCurrentThread();

                phase.Ingest.Add(Stopwatch.GetElapsedTime(wall0, wall1), cpu1 - cpu0, bytes1 - bytes0);
                phase.Evaluate.Add(Stopwatch.GetElapsedTime(wall1, wall2), cpu2 - cpu1, bytes2 - bytes1);
                phase.Samples = samples.Count;
                phase.Record(i, result);
            }

            phase.Gen0 = GC.CollectionCount(0) - gen0;
            phase.Gen1 = GC.CollectionCount(1) - gen1;
            phase.Gen2 = GC.CollectionCount(2) - gen2;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name}: {count} cycles, {phase.Samples:N0} samples a cycle, {phase.FindingsMax} findings at most, {phase.Revisions.Count} incident revisions"));
            return phase;
        }

        // Each rule alone on the window as the phase left it: where the evaluation time goes.
        List<(string Name, double Microseconds, double KiB, int Findings)> RuleBreakdown()
        {
            var context = new RuleContext(clock.GetUtcNow(), pipeline.Window, topology, options, new Dictionary<FindingKey, DateTimeOffset>());
            var rows = new List<(string, double, double, int)>();
            var findings = new List<Finding>();
            foreach (var rule in DetectionPipeline.AllRules)
            {
                var found = rule.Evaluate(context).ToList();
                findings.AddRange(found);
                var bytes0 = GC.GetAllocatedBytesForCurrentThread();
                var wall0 = Stopwatch.GetTimestamp();
                for (var r = 0; r < RuleRepeats; r++)
                {
                    _ = rule.Evaluate(context).ToList();
                }

                var wall = Stopwatch.GetElapsedTime(wall0);
                var bytes = GC.GetAllocatedBytesForCurrentThread() - bytes0;
                rows.Add((rule.Name, wall.TotalMicroseconds / RuleRepeats, bytes / 1024.0 / RuleRepeats, found.Count));
            }

            var correlator = new Correlator(topology);
            var critical = findings.Where(f => f.Severity > Severity.Info).ToList();
            var cBytes0 = GC.GetAllocatedBytesForCurrentThread();
            var cWall0 = Stopwatch.GetTimestamp();
            for (var r = 0; r < RuleRepeats; r++)
            {
                _ = correlator.Correlate(critical);
            }

            rows.Add(("(correlator)", Stopwatch.GetElapsedTime(cWall0).TotalMicroseconds / RuleRepeats, (GC.GetAllocatedBytesForCurrentThread() - cBytes0) / 1024.0 / RuleRepeats, critical.Count));
            return rows;
        }

        bool Check(Phase filling, Phase healthy, Phase fault)
        {
            var passed = true;
            void Fail(string message)
            {
                Console.WriteLine($"FAIL: {message}");
                passed = false;
            }

            foreach (var quiet in new[] { filling, healthy })
            {
                if (quiet.Raised.Count > 0 || quiet.Revisions.Count > 0)
                {
                    Fail($"{quiet.Name} phase: expected nothing, got {quiet.Raised.Count} warning/critical findings "
                        + $"({string.Join(", ", quiet.Raised.Take(5))}) and {quiet.Revisions.Count} incident revisions");
                }
            }

            var incidents = fault.Revisions.GroupBy(r => r.IncidentId).Select(g => g.MaxBy(r => r.Revision)!).ToList();
            var failedController = simulator.FailedController;
            var grayPath = simulator.GrayPath;
            var failedVolumes = site.Volumes.Where(v => v.Owner == failedController || v.Owner == failedController.Partner).Select(v => v.Id).ToList();
            var grayService = grayPath.Host.Service;

            var controller = incidents.SingleOrDefault(i => i.RootCause.Key == new FindingKey(failedController.Id, FindingKinds.ControllerFailed));
            var gray = incidents.SingleOrDefault(i => i.RootCause.Key == new FindingKey(grayPath.Id, FindingKinds.GrayPath));
            Console.WriteLine($"fault phase: {incidents.Count} incidents from {fault.Revisions.Count} revisions");
            foreach (var incident in incidents)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {incident.IncidentId} r{incident.Revision} {incident.State}: root {incident.RootCause.Kind}@{incident.RootCause.Entity}, "
                    + $"opened {(incident.OpenedAt - fault.Start) / Interval:0} cycles into the phase, {incident.Symptoms.Count} symptoms "
                    + $"({string.Join(", ", incident.Symptoms.Select(s => s.Key.ToString()).Take(6))}), {incident.AffectedUsersMax:N0} users"));
            }

            if (incidents.Count != 2)
            {
                Fail($"fault phase: expected 2 incidents (the stopped controller, the gray path), got {incidents.Count}");
            }

            if (controller is null)
            {
                Fail($"fault phase: no incident with root controller_failed@{failedController.Id}");
            }
            else
            {
                if (controller.OpenedAt != fault.Start)
                {
                    Fail($"controller incident opened at {controller.OpenedAt:u}, expected the first fault cycle {fault.Start:u}");
                }

                var missing = failedVolumes.Where(v => !controller.Symptoms.Any(s => s.Key == new FindingKey(v, FindingKinds.PathsDegraded))).ToList();
                if (missing.Count > 0)
                {
                    Fail($"controller incident lacks paths_degraded on {string.Join(", ", missing)}");
                }

                if (controller.AffectedUsersMax != 0 || controller.State != IncidentState.Open)
                {
                    Fail($"controller incident: expected open with 0 users (the partner took over), got {controller.State} with {controller.AffectedUsersMax}");
                }
            }

            if (gray is null)
            {
                Fail($"fault phase: no incident with root gray_path@{grayPath.Id}");
            }
            else
            {
                FindingKey[] expected =
                [
                    new($"{grayService.Id}/pop3", FindingKinds.LoginFailures),
                    new($"{grayService.Id}/imap", FindingKinds.LoginFailures),
                    new(grayService.Id, FindingKinds.MailQueueBacklog),
                ];
                // The mail findings carry their host as scope; which host is the simulator's business.
                var missing = expected.Where(k => !gray.Symptoms.Any(s => s.Entity == k.Entity && s.Kind == k.Kind)).ToList();
                if (missing.Count > 0)
                {
                    Fail($"gray-path incident lacks {string.Join(", ", missing)}");
                }

                if (gray.AffectedUsersMax != grayService.Contracts || gray.State != IncidentState.Open)
                {
                    Fail($"gray-path incident: expected open with {grayService.Contracts:N0} users (mail of {grayService.Id} delayed), got {gray.State} with {gray.AffectedUsersMax:N0}");
                }

                if (gray.OpenedAt > fault.Start + (Interval * (SiteSimulator.GrayPathFrom + 2)))
                {
                    Fail($"gray-path incident opened at {gray.OpenedAt:u}, more than two cycles after the timeouts began");
                }
            }

            return passed;
        }
    }

    /// <summary>Wall time, CPU time and allocations of one stage, cycle by cycle.</summary>
    private sealed class Stage(int capacity)
    {
        private readonly List<double> _wallMs = new(capacity);
        private TimeSpan _cpu;
        private long _bytes;

        public void Add(TimeSpan wall, TimeSpan cpu, long bytes)
        {
            _wallMs.Add(wall.TotalMilliseconds);
            _cpu += cpu;
            _bytes += bytes;
        }

        public string Row(string phase, string stage, int samples, string gcs)
        {
            var n = _wallMs.Count;
            var sorted = _wallMs.Order().ToList();
            double Percentile(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * n) - 1, 0, n - 1)];
            return string.Create(CultureInfo.InvariantCulture,
                $"{phase,-8} {stage,-9} {n,6} {samples,8:N0} {_wallMs.Average(),8:0.00} {Percentile(0.5),7:0.00} {Percentile(0.99),7:0.00} {sorted[^1],7:0.00} "
                + $"{_cpu.TotalMilliseconds / n,7:0.00} {_bytes / 1024.0 / n,10:N0} {gcs,10}");
        }

        public static Stage Sum(Stage a, Stage b)
        {
            var sum = new Stage(a._wallMs.Count) { _cpu = a._cpu + b._cpu, _bytes = a._bytes + b._bytes };
            sum._wallMs.AddRange(a._wallMs.Zip(b._wallMs, (x, y) => x + y));
            return sum;
        }
    }

    private sealed class Phase(string name, int cycles)
    {
        public string Name { get; } = name;

        public Stage Ingest { get; } = new(cycles);

        public Stage Evaluate { get; } = new(cycles);

        public int Samples { get; set; }

        public int FindingsMax { get; private set; }

        public DateTimeOffset Start { get; private set; }

        /// <summary>Warning and critical findings raised, by key.</summary>
        public HashSet<FindingKey> Raised { get; } = [];

        public List<IncidentRevision> Revisions { get; } = [];

        public int Gen0 { get; set; }

        public int Gen1 { get; set; }

        public int Gen2 { get; set; }

        public void Record(int cycle, EvaluationResult result)
        {
            if (cycle == 0)
            {
                Start = result.Time;
            }

            FindingsMax = Math.Max(FindingsMax, result.Findings.Count);
            Raised.UnionWith(result.Findings.Where(f => f.Severity >= Severity.Warning).Select(f => f.Key));
            Revisions.AddRange(result.Revisions);
        }

        public void Print()
        {
            var gcs = $"{Gen0}/{Gen1}/{Gen2}";
            Console.WriteLine(Ingest.Row(Name, "ingest", Samples, ""));
            Console.WriteLine(Evaluate.Row(Name, "evaluate", Samples, ""));
            Console.WriteLine(Stage.Sum(Ingest, Evaluate).Row(Name, "cycle", Samples, gcs));
        }
    }
}
