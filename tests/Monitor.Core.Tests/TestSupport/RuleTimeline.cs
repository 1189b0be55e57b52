using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.TestSupport;

/// <summary>
/// One rule evaluated minute by minute as the agent runs it: samples arrive, the pipeline
/// evaluates, the onsets of active findings carry over to the next evaluation.
/// </summary>
internal sealed class RuleTimeline(IRule rule, DetectionOptions? options = null, SiteTopology? topology = null)
{
    private readonly DetectionPipeline _pipeline = new(topology ?? TestSite.Cty, options ?? new DetectionOptions(), new IncidentLifecycleOptions(), [rule], "test");

    /// <summary>For each evaluated minute, whether the finding was reported.</summary>
    public List<(int Minute, IReadOnlyList<Finding> Findings)> Steps { get; } = [];

    /// <summary>Feeds the samples of one minute, then evaluates at that minute.</summary>
    public IReadOnlyList<Finding> Step(int minute, params (string Entity, string Metric, double Value)[] samples)
    {
        foreach (var (entity, metric, value) in samples)
        {
            _pipeline.Observe(new Sample(WindowBuilder.At(minute), entity, metric, value));
        }

        var findings = _pipeline.Evaluate(WindowBuilder.At(minute)).Findings;
        Steps.Add((minute, findings));
        return findings;
    }

    /// <summary>Whether the finding was reported at each step.</summary>
    public bool[] Present(string entity, string kind) =>
        [.. Steps.Select(s => s.Findings.Any(f => f.Entity == entity && f.Kind == kind))];

    /// <summary>How often the finding went from absent to reported.</summary>
    public int Raises(string entity, string kind)
    {
        var present = Present(entity, kind);
        return present.Where((p, i) => p && (i == 0 || !present[i - 1])).Count();
    }

    /// <summary>The first minute from which the finding was reported, or null.</summary>
    public int? FirstRaised(string entity, string kind)
    {
        var present = Present(entity, kind);
        var i = Array.IndexOf(present, true);
        return i < 0 ? null : Steps[i].Minute;
    }

    /// <summary>A value jittered uniformly by up to ±<paramref name="share"/>.</summary>
    public static double Jitter(Random random, double value, double share) => value * (1 + (share * ((random.NextDouble() * 2) - 1)));
}
