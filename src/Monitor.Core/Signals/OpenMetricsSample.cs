namespace Monitor.Core.Signals;

/// <summary>
/// One sample line of an OpenMetrics exposition as the standard reads it, before any of
/// Monitor's vocabulary applies: the family it belongs to, its type, name, labels, value and
/// timestamp. An exemplar, if the line had one, has been checked and left out.
/// </summary>
/// <param name="Line">Line number, from 1.</param>
/// <param name="Family">Metric family, e.g. "a" for the sample "a_total" of counter "a".</param>
/// <param name="Type">Family type as declared by "# TYPE" ("unknown" without one).</param>
/// <param name="Name">Sample name as written, e.g. "a_total".</param>
/// <param name="Labels">Labels in the order written, values unescaped.</param>
/// <param name="Value">The value (NaN and ±Inf are numbers in the standard).</param>
/// <param name="Timestamp">Seconds since the epoch, or null when the line has none.</param>
public sealed record OpenMetricsSample(
    int Line,
    string Family,
    string Type,
    string Name,
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    double? Timestamp)
{
    /// <summary>A label's value, or null when the line does not have the label.</summary>
    public string? Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (key == name)
            {
                return value;
            }
        }

        return null;
    }
}
