using System.Globalization;

namespace Monitor.Core.Signals;

/// <summary>
/// Reads a scenario's or a backtest's OpenMetrics text (what <c>promtool tsdb
/// create-blocks-from openmetrics</c> reads, and what a real Prometheus exports) into Monitor's
/// samples. First the standard (<see cref="OpenMetricsParser"/>), then Monitor's vocabulary:
/// metrics of <see cref="MetricCatalog"/> become samples; other metrics (a Prometheus export has
/// many) are counted and named in one summary problem, except a "monitor_" name the catalogue
/// lacks, which is a typo reported at its line. Monitor then asks more than the standard (see
/// docs/scenarios.md): a timestamp on every sample, within years 1 to 9999; a finite value,
/// not negative unless the metric is signed; and each series' times strictly increasing. A line
/// that fails is an <see cref="InputProblem"/> with its line number and is skipped; the others count.
/// </summary>
public static class OpenMetricsReader
{
    // The range DateTimeOffset can hold: years 0001 to 9999.
    private const double MinSeconds = -62_135_596_800;
    private const double MaxSeconds = 253_402_300_799;

    private const int NamedInSummary = 5;

    /// <summary>Reads every sample of <paramref name="reader"/>, lazily, in file order.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">Name used in problems, usually the file path.</param>
    /// <param name="onProblem">Called once per unusable line, and once for all lines of metrics Monitor does not use.</param>
    public static IEnumerable<Sample> Read(TextReader reader, string sourceName, Action<InputProblem> onProblem) =>
        ReadNumbered(reader, sourceName, onProblem).Select(numbered => numbered.Sample);

    /// <summary>
    /// Reads every sample of <paramref name="reader"/> with its line number, lazily, in file order:
    /// each sample comes as soon as its line is read (no line is read ahead), so a caller that
    /// counts the lines it hands out knows where the sample is in the text.
    /// </summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">Name used in problems, usually the file path.</param>
    /// <param name="onProblem">Called once per unusable line, and once for all lines of metrics Monitor does not use.</param>
    public static IEnumerable<(int Line, Sample Sample)> ReadNumbered(TextReader reader, string sourceName, Action<InputProblem> onProblem)
    {
        var foreign = new Dictionary<string, int>(StringComparer.Ordinal);
        var latest = new Dictionary<SeriesKey, (DateTimeOffset Time, int Line)>();
        foreach (var parsed in OpenMetricsParser.Parse(reader, sourceName, onProblem))
        {
            if (!MetricCatalog.TryGet(parsed.Name, out var definition))
            {
                if (parsed.Name.StartsWith("monitor_", StringComparison.Ordinal) && !parsed.Name.StartsWith("monitor_agent_", StringComparison.Ordinal))
                {
                    onProblem(new InputProblem(sourceName, parsed.Line, $"unknown metric '{parsed.Name}' (Monitor knows: {string.Join(", ", MetricCatalog.All.Keys.Order(StringComparer.Ordinal))})"));
                }
                else
                {
                    foreign[parsed.Family] = foreign.GetValueOrDefault(parsed.Family) + 1;
                }

                continue;
            }

            if (!TryMap(parsed, definition, out var sample, out var error))
            {
                onProblem(new InputProblem(sourceName, parsed.Line, error));
                continue;
            }

            var key = new SeriesKey(sample.Entity, sample.Metric);
            var before = latest.TryGetValue(key, out var last) ? last : ((DateTimeOffset, int)?)null;
            if (SampleRefusal.OfTime(sample.Time, before?.Item1) is { } reason)
            {
                onProblem(new InputProblem(sourceName, parsed.Line,
                    $"{sample.Metric} of '{sample.Entity}' at {sample.Time:yyyy-MM-dd HH:mm:ss.FFF}Z: {SampleRefusal.Explain(reason)} (line {before?.Item2})"));
                continue;
            }

            latest[key] = (sample.Time, parsed.Line);
            yield return (parsed.Line, sample);
        }

        if (foreign.Count > 0)
        {
            var names = foreign.OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).Take(NamedInSummary).Select(f => $"{f.Key} ({f.Value})");
            var more = foreign.Count > NamedInSummary ? $" and {foreign.Count - NamedInSummary} more" : "";
            onProblem(new InputProblem(sourceName, 0,
                $"skipped {foreign.Values.Sum()} samples of {foreign.Count} metrics Monitor does not use: {string.Join(", ", names)}{more}"));
        }
    }

    /// <summary>
    /// Parses one sample line on its own (as if it were a whole file with '# EOF' after it); on
    /// failure <paramref name="error"/> says what is wrong.
    /// </summary>
    public static bool TryParse(string line, out Sample sample, out string error)
    {
        var problems = new List<InputProblem>();
        var samples = Read(new StringReader(line + "\n# EOF\n"), "line", problems.Add).ToList();
        if (samples.Count == 1 && problems.Count == 0)
        {
            sample = samples[0];
            error = "";
            return true;
        }

        sample = default;
        error = problems.Count > 0 ? problems[0].Message : "expected 'metric_name{labels} value timestamp'";
        return false;
    }

    /// <summary>
    /// The value and time of a sample line that <see cref="Read"/> has already accepted, read
    /// without its name and labels (a second pass over a recording knows its series): false if the
    /// line has no value and timestamp in Monitor's range, e.g. because the file changed since.
    /// </summary>
    public static bool TryParseValueAndTime(string line, out double value, out DateTimeOffset time)
    {
        value = 0;
        time = default;
        var i = line.IndexOfAny([' ', '{']);
        if (i > 0 && line[i] == '{')
        {
            // Past the label set: a quoted value may hold spaces, braces and escaped quotes.
            var quoted = false;
            for (i++; i < line.Length && (quoted || line[i] != '}'); i++)
            {
                if (line[i] == '\\' && quoted)
                {
                    i++;
                }
                else if (line[i] == '"')
                {
                    quoted = !quoted;
                }
            }

            i++;
        }

        if (i <= 0 || i >= line.Length || line[i] != ' ')
        {
            return false;
        }

        var valueEnd = line.IndexOf(' ', i + 1);
        if (valueEnd < 0 || !OpenMetricsParser.TryParseNumber(line[(i + 1)..valueEnd], out value))
        {
            return false;
        }

        var timeEnd = line.IndexOf(' ', valueEnd + 1);
        if (!OpenMetricsParser.TryParseRealNumber(line[(valueEnd + 1)..(timeEnd < 0 ? line.Length : timeEnd)], out var seconds)
            || !(seconds >= MinSeconds && seconds <= MaxSeconds))
        {
            return false;
        }

        time = TimeOf(seconds);
        return true;
    }

    private static DateTimeOffset TimeOf(double seconds) => DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));

    // Monitor's own demands on a standard sample of its vocabulary.
    private static bool TryMap(OpenMetricsSample parsed, MetricDefinition definition, out Sample sample, out string error)
    {
        sample = default;
        var name = parsed.Name;
        if (parsed.Timestamp is not { } seconds)
        {
            error = $"'{name}' needs a timestamp (seconds since the epoch) after its value: Monitor replays recorded time";
            return false;
        }

        if (!(seconds >= MinSeconds && seconds <= MaxSeconds))
        {
            error = $"'{seconds.ToString(CultureInfo.InvariantCulture)}' is not a timestamp in seconds since the epoch between years 1 and 9999 (of '{name}')";
            return false;
        }

        if (SampleRefusal.OfValue(parsed.Value, definition) is { } reason)
        {
            error = $"'{name}': {SampleRefusal.Explain(reason)}";
            return false;
        }

        var parts = new string[definition.EntityLabels.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            if (parsed.Label(definition.EntityLabels[i]) is not { Length: > 0 } part)
            {
                error = $"'{name}' needs the label '{definition.EntityLabels[i]}' to name its entity";
                return false;
            }

            parts[i] = part;
        }

        sample = new Sample(TimeOf(seconds), string.Join('/', parts), name, parsed.Value);
        error = "";
        return true;
    }
}
