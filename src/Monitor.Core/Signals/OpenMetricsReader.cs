using System.Globalization;
using System.Text;

namespace Monitor.Core.Signals;

/// <summary>
/// Reads OpenMetrics text with timestamps (the format <c>promtool tsdb create-blocks-from
/// openmetrics</c> reads) into samples. A line it cannot use is reported as an
/// <see cref="InputProblem"/> and skipped; the other lines still count.
/// </summary>
public static class OpenMetricsReader
{
    // The range DateTimeOffset can hold: years 0001 to 9999.
    private const double MinSeconds = -62_135_596_800;
    private const double MaxSeconds = 253_402_300_799;

    /// <summary>Reads every sample of <paramref name="reader"/>, lazily, in file order.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">Name used in problems, usually the file path.</param>
    /// <param name="onProblem">Called once per unusable line.</param>
    public static IEnumerable<Sample> Read(TextReader reader, string sourceName, Action<InputProblem> onProblem)
    {
        var lineNumber = 0;
        var sawEof = false;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (sawEof)
            {
                onProblem(new InputProblem(sourceName, lineNumber, "text after '# EOF' is ignored"));
                yield break;
            }

            if (line[0] == '#')
            {
                sawEof = line.AsSpan().TrimEnd().SequenceEqual("# EOF");
                continue;
            }

            if (TryParse(line, out var sample, out var error))
            {
                yield return sample;
            }
            else
            {
                onProblem(new InputProblem(sourceName, lineNumber, error));
            }
        }

        if (!sawEof)
        {
            onProblem(new InputProblem(sourceName, lineNumber, "no '# EOF' at the end: the file may be truncated"));
        }
    }

    /// <summary>Parses one sample line; on failure <paramref name="error"/> says what is wrong.</summary>
    public static bool TryParse(string line, out Sample sample, out string error)
    {
        sample = default;
        var span = line.AsSpan();
        var nameEnd = span.IndexOfAny('{', ' ');
        if (nameEnd <= 0)
        {
            error = "expected 'metric_name{labels} value timestamp'";
            return false;
        }

        var name = line[..nameEnd];
        if (!MetricCatalog.TryGet(name, out var definition))
        {
            error = $"unknown metric '{name}' (Monitor knows: {string.Join(", ", MetricCatalog.All.Keys.Order(StringComparer.Ordinal))})";
            return false;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var pos = nameEnd;
        if (span[pos] == '{' && !TryParseLabels(line, ref pos, labels, out error))
        {
            return false;
        }

        var rest = line[pos..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length != 2)
        {
            error = rest.Length < 2
                ? $"'{name}' needs a value and a timestamp (seconds since the epoch) after its labels"
                : $"'{name}' has more than a value and a timestamp after its labels (exemplars are not supported)";
            return false;
        }

        if (!TryParseNumber(rest[0], out var value))
        {
            error = $"'{rest[0]}' is not a number (value of '{name}')";
            return false;
        }

        if (!TryParseNumber(rest[1], out var seconds) || !(seconds >= MinSeconds && seconds <= MaxSeconds))
        {
            error = $"'{rest[1]}' is not a timestamp in seconds since the epoch (of '{name}')";
            return false;
        }

        var parts = new string[definition.EntityLabels.Count];
        for (var i = 0; i < parts.Length; i++)
        {
            if (!labels.TryGetValue(definition.EntityLabels[i], out var part) || part.Length == 0)
            {
                error = $"'{name}' needs the label '{definition.EntityLabels[i]}' to name its entity";
                return false;
            }

            parts[i] = part;
        }

        var time = DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * TimeSpan.TicksPerSecond));
        sample = new Sample(time, string.Join('/', parts), name, value);
        error = "";
        return true;
    }

    private static bool TryParseLabels(string line, ref int pos, Dictionary<string, string> labels, out string error)
    {
        pos++; // '{'
        while (pos < line.Length && line[pos] != '}')
        {
            var eq = line.IndexOf('=', pos);
            if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"')
            {
                error = $"malformed label set at column {pos + 1}: expected name=\"value\"";
                return false;
            }

            var labelName = line[pos..eq].Trim();
            var value = new StringBuilder();
            var i = eq + 2;
            for (; i < line.Length && line[i] != '"'; i++)
            {
                if (line[i] == '\\' && i + 1 < line.Length)
                {
                    i++;
                    value.Append(line[i] == 'n' ? '\n' : line[i]);
                }
                else
                {
                    value.Append(line[i]);
                }
            }

            if (i >= line.Length)
            {
                error = $"label '{labelName}' has no closing quote";
                return false;
            }

            labels[labelName] = value.ToString();
            pos = i + 1;
            if (pos < line.Length && line[pos] == ',')
            {
                pos++;
            }
        }

        if (pos >= line.Length)
        {
            error = "label set has no closing '}'";
            return false;
        }

        pos++; // '}'
        error = "";
        return true;
    }

    private static bool TryParseNumber(string text, out double value)
    {
        switch (text)
        {
            case "NaN":
                value = double.NaN;
                return true;
            case "+Inf" or "Inf":
                value = double.PositiveInfinity;
                return true;
            case "-Inf":
                value = double.NegativeInfinity;
                return true;
            default:
                return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }
    }
}
