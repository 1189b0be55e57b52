using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitor.Scenarios;

/// <summary>
/// A recording of one sample a minute from <paramref name="start"/> for <paramref name="minutes"/>
/// minutes (both ends inclusive), its series filled minute by minute, its events and its ground
/// truth: what the generators of the shape scenarios (several hosts and populations per service,
/// shared MX hosts, two arrays) share, so each generate.cs holds only its story.
/// </summary>
/// <param name="start">The first sample (local time with its offset).</param>
/// <param name="minutes">Minutes recorded after the first sample.</param>
/// <param name="seed">The random seed: the output is byte for byte reproducible.</param>
public sealed class Recording(DateTimeOffset start, int minutes, int seed)
{
    /// <summary>Samples per series.</summary>
    public int Count { get; } = minutes + 1;

    /// <summary>The noise source, seeded.</summary>
    public Random Random { get; } = new(seed);

    /// <summary>The series, in the order they are written.</summary>
    public List<Series> Series { get; } = [];

    /// <summary>The events of events.jsonl.</summary>
    public List<ScenarioEvent> Events { get; } = [];

    /// <summary>The wall-clock time of minute <paramref name="minute"/> of the recording.</summary>
    public DateTimeOffset At(int minute) => start.AddMinutes(minute);

    /// <summary>A time as expected.json writes it.</summary>
    public string Time(int minute) => At(minute).ToString(ScenarioFiles.Iso, CultureInfo.InvariantCulture);

    /// <summary>Adds a series whose value at each minute is <paramref name="value"/> of that minute (NaN: not exported).</summary>
    public double[] Add(string family, string labels, string format, Func<int, double> value)
    {
        var values = new double[Count];
        for (var i = 0; i < Count; i++)
        {
            values[i] = value(i);
        }

        Series.Add(new Series(family, labels, values, format));
        return values;
    }

    /// <summary>
    /// A daily curve by local time of day: <paramref name="night"/> at 04:00, <paramref name="peak"/>
    /// at 16:00, a cosine in between, times ±<paramref name="noise"/>.
    /// </summary>
    public double Daily(int minute, double night, double peak, double noise = 0.03)
    {
        var hour = At(minute).TimeOfDay.TotalHours;
        var x = (1 - Math.Cos((hour - 4) / 24 * 2 * Math.PI)) / 2;
        return (night + ((peak - night) * x)) * ScenarioMath.Noise(Random, noise);
    }

    /// <summary>Adds a note, log line or change to events.jsonl.</summary>
    public void Event(int minute, string kind, string? entity, string source, string text, int? untilMinute = null) =>
        Events.Add(new ScenarioEvent(At(minute), kind, entity, source, text, untilMinute is { } u ? At(u) : null));

    /// <summary>Writes metrics.om, events.jsonl and expected.json to <paramref name="directory"/>.</summary>
    public void Write(string directory, JsonObject expected)
    {
        ScenarioFiles.WriteMetrics(Path.Combine(directory, "metrics.om"), Series, start.ToUnixTimeSeconds(), 60);
        ScenarioFiles.WriteEvents(Path.Combine(directory, "events.jsonl"), Events);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, ScenarioFiles.Indented))
        {
            expected.WriteTo(json);
        }

        File.WriteAllText(Path.Combine(directory, "expected.json"), Encoding.UTF8.GetString(buffer.ToArray()) + "\n", ScenarioFiles.Utf8);
        Console.WriteLine($"wrote metrics.om ({Series.Count} series x {Count} samples), events.jsonl, expected.json to {directory}");
    }

    /// <summary>An expected finding: <c>{"entity": ..., "kind": ...}</c>.</summary>
    public static JsonObject Finding(string entity, string kind) => new() { ["entity"] = entity, ["kind"] = kind };

    /// <summary>A JSON array of strings.</summary>
    public static JsonArray Strings(params string[] values) => [.. values.Select(v => (JsonNode?)JsonValue.Create(v))];

    /// <summary>A JSON array of expected findings, given as (entity, kind) pairs.</summary>
    public static JsonArray Findings(params (string Entity, string Kind)[] findings) => [.. findings.Select(f => (JsonNode?)Finding(f.Entity, f.Kind))];
}
