using Monitor.Contracts.V1;
using Monitor.Core.Findings;

namespace Monitor.Collector.Regulation;

/// <summary>The findings of a revision that hit users at a function, as spans for <see cref="ImpactEpisodes"/>.</summary>
public static class FunctionImpactSpans
{
    /// <summary>
    /// The root cause and symptoms of <paramref name="incident"/> whose kind stops or degrades a
    /// function (by the finding catalogue), with their first and last sightings.
    /// </summary>
    public static IReadOnlyList<FunctionImpactSpan> Of(IncidentRevision incident)
    {
        var spans = new List<FunctionImpactSpan>();
        var findings = incident.RootCause is null ? incident.Symptoms : incident.Symptoms.Prepend(incident.RootCause);
        foreach (var finding in findings)
        {
            var effect = FindingKinds.Describe(finding.Kind).UserImpact.Effect;
            if (effect == FunctionEffect.None || finding.FirstSeen is null || finding.LastSeen is null)
            {
                continue;
            }

            var slash = finding.Entity.IndexOf('/', StringComparison.Ordinal);
            var function = slash >= 0 ? finding.Entity[(slash + 1)..] : finding.Entity;
            spans.Add(new FunctionImpactSpan(
                function,
                effect == FunctionEffect.Stops ? ImpactRangeKind.Stop : ImpactRangeKind.Degradation,
                finding.FirstSeen.ToDateTimeOffset(),
                finding.LastSeen.ToDateTimeOffset(),
                Step(finding)));
        }

        return spans;
    }

    // The spacing of the finding's samples; zero when it has fewer than two (never overstates).
    private static TimeSpan Step(Monitor.Contracts.V1.Finding finding)
    {
        var times = finding.Evidence.Where(e => e.Time is not null).Select(e => e.Time.ToDateTimeOffset()).Distinct().Order().ToList();
        var step = TimeSpan.MaxValue;
        for (var i = 1; i < times.Count; i++)
        {
            var gap = times[i] - times[i - 1];
            if (gap > TimeSpan.Zero && gap < step)
            {
                step = gap;
            }
        }

        return step == TimeSpan.MaxValue ? TimeSpan.Zero : step;
    }
}
