using Monitor.Core.Findings;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.TestSupport;

/// <summary>Fills a signal window by hand, one sample a minute from <see cref="Start"/>.</summary>
internal sealed class WindowBuilder
{
    /// <summary>13 January 2017, 08:40 in Japan: thirteen minutes before CTY's controller A stopped.</summary>
    public static readonly DateTimeOffset Start = new(2017, 1, 13, 8, 40, 0, TimeSpan.FromHours(9));

    public SignalWindow Window { get; } = new(TimeSpan.FromHours(2), 2_000);

    /// <summary>Time of the newest sample added so far.</summary>
    public DateTimeOffset Newest { get; private set; } = Start;

    public static DateTimeOffset At(int minute) => Start.AddMinutes(minute);

    /// <summary>Adds one sample a minute, the first at minute 0.</summary>
    public WindowBuilder Series(string entity, string metric, params double[] values) => SeriesFrom(0, entity, metric, values);

    /// <summary>Adds one sample a minute, the first at <paramref name="firstMinute"/>.</summary>
    public WindowBuilder SeriesFrom(int firstMinute, string entity, string metric, params double[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var time = At(firstMinute + i);
            Window.Add(new Sample(time, entity, metric, values[i]));
            if (time > Newest)
            {
                Newest = time;
            }
        }

        return this;
    }

    /// <summary>The same value <paramref name="count"/> times.</summary>
    public static double[] Repeat(double value, int count) => Enumerable.Repeat(value, count).ToArray();

    /// <summary>A context evaluating at the newest sample, or at <paramref name="now"/>.</summary>
    public RuleContext Context(
        DateTimeOffset? now = null,
        DetectionOptions? options = null,
        SiteTopology? topology = null,
        IReadOnlyDictionary<FindingKey, DateTimeOffset>? onsets = null) =>
        new(now ?? Newest, Window, topology ?? TestSite.Cty, options ?? new DetectionOptions(), onsets ?? new Dictionary<FindingKey, DateTimeOffset>());
}
