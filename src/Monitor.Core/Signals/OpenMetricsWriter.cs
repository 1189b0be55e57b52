using System.Globalization;
using System.Text;

namespace Monitor.Core.Signals;

/// <summary>
/// Writes samples as OpenMetrics text, the inverse of <see cref="OpenMetricsReader"/>: one family
/// per metric with HELP, TYPE and UNIT, the entity split back into its labels, values in
/// invariant culture, timestamps in seconds, and "# EOF" at the end.
/// </summary>
public static class OpenMetricsWriter
{
    /// <summary>Writes the samples, grouped by metric in catalog order, each series in time order.</summary>
    public static void Write(TextWriter writer, IEnumerable<Sample> samples, bool withTimestamps = true)
    {
        var byMetric = samples.GroupBy(s => s.Metric, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var definition in MetricCatalog.All.Values.OrderBy(d => d.Name, StringComparer.Ordinal))
        {
            if (!byMetric.TryGetValue(definition.Name, out var family))
            {
                continue;
            }

            writer.Write($"# TYPE {definition.Name} gauge\n");
            if (definition.Unit.Length > 0 && definition.Name.EndsWith("_" + definition.Unit, StringComparison.Ordinal))
            {
                writer.Write($"# UNIT {definition.Name} {definition.Unit}\n");
            }

            writer.Write($"# HELP {definition.Name} {definition.Help}\n");
            foreach (var sample in family.OrderBy(s => s.Entity, StringComparer.Ordinal).ThenBy(s => s.Time))
            {
                writer.Write(definition.Name);
                writer.Write(Labels(definition, sample.Entity));
                writer.Write(' ');
                writer.Write(Number(sample.Value));
                if (withTimestamps)
                {
                    writer.Write(' ');
                    writer.Write((sample.Time.ToUnixTimeMilliseconds() / 1000.0).ToString("0.###", CultureInfo.InvariantCulture));
                }

                writer.Write('\n');
            }
        }

        writer.Write("# EOF\n");
    }

    private static string Labels(MetricDefinition definition, string entity)
    {
        var parts = entity.Split('/', definition.EntityLabels.Count);
        var text = new StringBuilder("{");
        for (var i = 0; i < definition.EntityLabels.Count; i++)
        {
            if (i > 0)
            {
                text.Append(',');
            }

            var value = i < parts.Length ? parts[i] : "";
            text.Append(definition.EntityLabels[i]).Append("=\"")
                .Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal))
                .Append('"');
        }

        return text.Append('}').ToString();
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        _ when double.IsNaN(value) => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
