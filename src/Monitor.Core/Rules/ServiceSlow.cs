using System.Buffers;
using Monitor.Core.Findings;
using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Rules;

/// <summary>
/// A mail function still answers its synthetic probes, but many times slower than it usually
/// does (its own median before the rise) and slower than a person waits without noticing: its
/// users are hit by delay, not by an outage. Lesson of seed 002: the regulator counts a quality
/// degradation (品質の低下, Canon's 81 hours of delay) as an accident like a stop; seed 000: before
/// POP3 stopped, the member site became hard to use (閲覧やログインがしづらい).
/// The usual time is the median of the probes before the rise; once raised, before the onset. A
/// slowness longer than the window has no "before" left, and is then judged by the floor alone.
/// </summary>
public sealed class ServiceSlow : IRule
{
    /// <inheritdoc/>
    public string Name => "service-slow";

    /// <inheritdoc/>
    public IEnumerable<Finding> Evaluate(RuleContext context)
    {
        foreach (var (service, function, entity) in ServiceFunctions.Of(context.Topology))
        {
            if (Check(context, entity) is { } slow)
            {
                yield return context.Explained(
                    entity,
                    FindingKinds.ServiceSlow,
                    Name,
                    FindingMessage.Of(
                        slow.Usual is null ? MailMessages.ServiceSlowNoUsual : MailMessages.ServiceSlow,
                        MessageArgument.Term("function", MessageTerms.KeyOr("function", function)),
                        context.Named("service", service.Id),
                        context.Named("entity", entity),
                        MessageArgument.Seconds("now", slow.Now),
                        slow.Usual is { } usual ? MessageArgument.Times("ratio", slow.Now / usual) : null,
                        slow.Usual is { } known ? MessageArgument.Seconds("usual", known) : null,
                        MessageArgument.At("since", slow.Since),
                        MessageArgument.Term("impact", MessageTerms.KeyOr("slow", function))),
                    slow.Since,
                    slow.Evidence,
                    "seed 002 (MIC FY2020: 品質の低下)");
            }
        }
    }

    private static (double Now, double? Usual, DateTimeOffset Since, IReadOnlyList<Sample> Evidence)? Check(RuleContext context, string entity)
    {
        // A failing probe's duration is its timeout: that is service_down's to report.
        if (context.FreshValue(entity, MetricCatalog.ProbeSuccess) == 0)
        {
            return null;
        }

        var options = context.Options;
        var n = options.SlowProbeSamples;
        var floor = options.SlowProbeFloor.TotalSeconds;
        var recent = context.Fresh(entity, MetricCatalog.ProbeDuration, Math.Max(n, options.ClearSamples));
        if (recent.Count == 0)
        {
            return null;
        }

        var active = context.Onsets.TryGetValue(new FindingKey(entity, FindingKinds.ServiceSlow), out var onset);

        // Cheap first: most probes answer under the floor, and nothing more is read for them.
        if (!active && (recent.Count < n || recent[^1].Value < floor || recent[^n].Value < floor))
        {
            return null;
        }

        // Read in place: a probe slow for a while is judged against the whole window at every evaluation.
        var last = recent.Newest(n);
        var history = context.Window.Since(entity, MetricCatalog.ProbeDuration, context.Now - options.WindowLength);
        if (active)
        {
            return Holds(context, entity, recent, last, history, onset, floor);
        }

        if (Lowest(last) < floor || history.Count <= n)
        {
            return null;
        }

        var prior = history.Slice(0, history.Count - n);
        var lowest = Lowest(last);
        if (lowest < options.SlowProbeFactor * Lowest(prior))
        {
            return null; // not many times even the fastest probe before: the median cannot be further
        }

        var threshold = Math.Max(floor, options.SlowProbeFactor * Median(prior));
        if (lowest < threshold)
        {
            return null;
        }

        // The rise began where the trailing run of slow probes began; the usual time is what came before it.
        var start = history.Count - n;
        while (start > 0 && history[start - 1].Value >= threshold)
        {
            start--;
        }

        if (start == 0)
        {
            return null; // slow as far back as the window goes: no usual time to compare with
        }

        var usual = Median(history.Slice(0, start));
        return (recent[^1].Value, usual, context.Onset(entity, FindingKinds.ServiceSlow, history[start].Time), Evidence(entity, last));
    }

    // Raised: judged against the usual time before the onset, and clears only below the clear level.
    private static (double Now, double? Usual, DateTimeOffset Since, IReadOnlyList<Sample> Evidence)? Holds(
        RuleContext context, string entity, SeriesView recent, SeriesView last, SeriesView history, DateTimeOffset onset, double floor)
    {
        var options = context.Options;
        var before = 0;
        while (before < history.Count && history.TimeAt(before) < onset)
        {
            before++;
        }

        // The window is oldest first and one series' times only grow: what came before the onset is its start.
        double? known = before > 0 ? Median(history.Slice(0, before)) : null;
        var limit = Math.Max(floor, options.SlowProbeFactor * (known ?? 0));
        return RuleContext.Cleared(recent, options.ClearSamples, v => v < limit * options.ClearFraction)
            ? null
            : (recent[^1].Value, known, context.Onset(entity, FindingKinds.ServiceSlow, onset), Evidence(entity, last));
    }

    private static IReadOnlyList<Sample> Evidence(string entity, SeriesView last) => RuleContext.Evidence(entity, MetricCatalog.ProbeDuration, last);

    private static double Lowest(SeriesView points)
    {
        // As Enumerable.Min compares: the first of equal values is kept.
        var lowest = points.ValueAt(0);
        for (var i = 1; i < points.Count; i++)
        {
            if (points.ValueAt(i) < lowest)
            {
                lowest = points.ValueAt(i);
            }
        }

        return lowest;
    }

    // The whole window's values sorted once per slow probe: in a pooled buffer, not a new array each time.
    private static double Median(SeriesView points)
    {
        var values = ArrayPool<double>.Shared.Rent(points.Count);
        try
        {
            var span = values.AsSpan(0, points.Count);
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = points.ValueAt(i);
            }

            span.Sort();
            return span[span.Length / 2];
        }
        finally
        {
            ArrayPool<double>.Shared.Return(values);
        }
    }
}
