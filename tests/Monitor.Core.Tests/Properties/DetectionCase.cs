using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;

namespace Monitor.Core.Tests.Properties;

/// <summary>
/// One generated case: a site drawn from its seed, a healthy background, the faults it injects,
/// run through the real <see cref="DetectionPipeline"/> (rules, correlation, impact, incident
/// tracker) for <see cref="Cycles"/> cycles of 30 s: 25 minutes of healthy background, faults from
/// <see cref="FaultFrom"/> for <see cref="FaultCycles"/> cycles, then enough quiet for every
/// incident to recover and resolve (the tracker's 15-minute quiet period).
/// </summary>
internal sealed class DetectionCase
{
    /// <summary>First cycle of every injected fault.</summary>
    public const int FaultFrom = 50;

    /// <summary>How long an injected fault lasts.</summary>
    public const int FaultCycles = 20;

    /// <summary>Cycles a case runs at least; a fault that ends later gets the same quiet after it.</summary>
    public const int Cycles = FaultFrom + FaultCycles + 45;

    private DetectionCase(int seed, GeneratedSite site, IReadOnlyList<InjectedFault> faults)
    {
        Seed = seed;
        Site = site;
        Faults = faults;
    }

    public int Seed { get; }

    public GeneratedSite Site { get; }

    public IReadOnlyList<InjectedFault> Faults { get; }

    /// <summary>A site of <paramref name="seed"/> with <paramref name="faults"/> chosen on it (by the site, so any spelling gets the same ones).</summary>
    public static DetectionCase Of(int seed, Naming naming, Func<GeneratedSite, Random, IReadOnlyList<InjectedFault>> faults)
    {
        var site = GeneratedSite.Generate(seed, naming);
        return new DetectionCase(seed, site, faults(site, new Random(seed ^ 0x5A5A)));
    }

    /// <summary>
    /// Runs the case and tells what the pipeline made of it. Without <paramref name="inject"/> the
    /// site stays healthy while the truth still names the faults: what a check must refuse.
    /// </summary>
    public CaseOutcome Run(bool inject = true)
    {
        var topology = Site.Load();
        var pipeline = new DetectionPipeline(topology, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "generated");
        var failures = new List<string>();
        pipeline.RuleFailed += f => failures.Add($"{f.Rule}: {f.Error}");
        var unknown = new List<string>();
        pipeline.UnknownEntity += unknown.Add;

        // Any hour of any day: the load curve differs from case to case.
        var start = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(new Random(Seed).Next(0, 7 * 24 * 60));
        var simulation = new SiteSimulation(Site, inject ? Faults : [], Seed, start);
        var samples = new List<Sample>(4_096);
        var sightings = new List<UserSighting>(1_024);
        var revisions = new List<IncidentRevision>();
        var findings = new List<(int Cycle, Finding Finding)>();
        var cycles = Faults.Select(f => f.Until + (Cycles - FaultFrom - FaultCycles)).Append(Cycles).Max();
        for (var cycle = 0; cycle < cycles; cycle++)
        {
            simulation.Fill(cycle, samples, sightings);
            foreach (var sample in samples)
            {
                pipeline.Observe(sample);
            }

            foreach (var sighting in sightings)
            {
                pipeline.Observe(sighting);
            }

            var result = pipeline.Evaluate(simulation.At(cycle));
            revisions.AddRange(result.Revisions);
            findings.AddRange(result.Findings.Select(f => (cycle, f)));
        }

        revisions.AddRange(pipeline.Flush(simulation.At(cycles)));
        return new CaseOutcome(this, simulation, revisions, findings, failures, unknown);
    }

    /// <summary>What the case is, for a failure message: seed, shape, faults.</summary>
    public override string ToString()
    {
        var faults = Faults.Count == 0 ? "none (healthy)" : string.Join("; ", Faults.Select(Describe));
        var shape = $"{Site.Arrays.Count} arrays ({string.Join("+", Site.Arrays.Select(a => a.Controllers.Count))} controllers), "
            + $"{Site.Services.Count} services ({string.Join("+", Site.Services.Select(s => s.Hosts.Count))} hosts, "
            + $"{string.Join("+", Site.Services.Select(s => s.Populations.Count))} populations), {Site.Paths.Count} paths, "
            + $"shared MX: {(Site.Hosts.Any(h => h.Services.Count > 1) ? "yes" : "no")}";
        return $"seed {Seed} (replay: {PropertyRun.ReplayVariable}={Seed}): {shape}; faults: {faults}";
    }

    private static string Describe(InjectedFault f) =>
        $"{f.Kind} on {f.RootEntity}{(f.Host is { } h ? $" via {h.Id}" : "")} cycles {f.From}-{f.Until}";
}
