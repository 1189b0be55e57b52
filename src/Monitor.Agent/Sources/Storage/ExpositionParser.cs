using System.Globalization;
using System.Text;

namespace Monitor.Agent.Sources.Storage;

/// <summary>One series of a Prometheus text exposition: name, labels, value, and the line it came from.</summary>
/// <param name="Name">Metric name, e.g. "node_disk_reads_completed_total".</param>
/// <param name="Labels">Labels in the order written.</param>
/// <param name="Value">The value (NaN and ±Inf allowed).</param>
/// <param name="Line">Line number, from 1.</param>
internal sealed record ExpositionSeries(string Name, IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, int Line)
{
    /// <summary>A label's value; an absent label reads as "", as in Prometheus.</summary>
    public string Label(string name)
    {
        foreach (var (key, value) in Labels)
        {
            if (key == name)
            {
                return value;
            }
        }

        return "";
    }

    /// <summary>Name and sorted labels: the series' identity across scrapes.</summary>
    public string Key { get; } = Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}

/// <summary>
/// A strict reader of the Prometheus text exposition format 0.0.4 (what node_exporter, NetApp
/// Harvest and most exporters serve). Strict because a half-read scrape must not pass for a
/// whole one: a last line without its line feed (a cut body), a value that is not a number, a
/// label that is not closed, or a series written twice is an error naming the line.
/// </summary>
internal static class ExpositionParser
{
    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "summary", "untyped"];

    /// <summary>Every series of <paramref name="text"/>; <paramref name="place"/> (a URL or a file) prefixes each error.</summary>
    /// <exception cref="InvalidDataException">The text is not a valid exposition.</exception>
    public static List<ExpositionSeries> Parse(string text, string place)
    {
        var series = new List<ExpositionSeries>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        var start = 0;
        while (start < text.Length)
        {
            lineNumber++;
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                throw new InvalidDataException($"{place} line {lineNumber}: the exposition ends without a line feed: it was cut short");
            }

            var line = text.AsSpan(start, end - start).TrimEnd('\r').TrimStart(" \t");
            start = end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            if (line[0] == '#')
            {
                CheckComment(line, place, lineNumber);
                continue;
            }

            var parsed = ParseSample(line, place, lineNumber);
            if (seen.TryGetValue(parsed.Key, out var first))
            {
                throw new InvalidDataException($"{place} line {lineNumber}: series {parsed.Key} is written twice (first at line {first})");
            }

            seen[parsed.Key] = lineNumber;
            series.Add(parsed);
        }

        return series;
    }

    private static void CheckComment(ReadOnlySpan<char> line, string place, int lineNumber)
    {
        var words = line.ToString().Split([' ', '\t'], 4, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length >= 2 && words[1] == "TYPE")
        {
            if (words.Length < 4 || !Types.Contains(words[3].Trim()))
            {
                throw new InvalidDataException($"{place} line {lineNumber}: TYPE line needs a metric name and one of counter, gauge, histogram, summary, untyped");
            }
        }
    }

    private static ExpositionSeries ParseSample(ReadOnlySpan<char> line, string place, int lineNumber)
    {
        InvalidDataException Error(string what) => new($"{place} line {lineNumber}: {what}");

        var i = 0;
        while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] is '_' or ':'))
        {
            i++;
        }

        if (i == 0 || char.IsAsciiDigit(line[0]))
        {
            throw Error($"expected a metric name at the start of '{Shorten(line)}'");
        }

        var name = line[..i].ToString();
        var labels = new List<KeyValuePair<string, string>>();
        var afterName = SkipBlanks(line, i);
        if (afterName < line.Length && line[afterName] == '{')
        {
            i = afterName;
        }

        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (true)
            {
                i = SkipBlanks(line, i);
                if (i < line.Length && line[i] == '}')
                {
                    i++;
                    break;
                }

                var labelStart = i;
                while (i < line.Length && (char.IsAsciiLetterOrDigit(line[i]) || line[i] == '_'))
                {
                    i++;
                }

                if (i == labelStart || char.IsAsciiDigit(line[labelStart]))
                {
                    throw Error($"{name}: expected a label name or '}}' at column {i + 1}");
                }

                var label = line[labelStart..i].ToString();
                i = SkipBlanks(line, i);
                if (i >= line.Length || line[i] != '=')
                {
                    throw Error($"{name}: expected '=' after label {label}");
                }

                i = SkipBlanks(line, i + 1);
                if (i >= line.Length || line[i] != '"')
                {
                    throw Error($"{name}: expected '\"' to open the value of label {label}");
                }

                var value = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= line.Length)
                    {
                        throw Error($"{name}: the value of label {label} is not closed (missing '\"')");
                    }

                    var c = line[i++];
                    if (c == '"')
                    {
                        break;
                    }

                    if (c == '\\')
                    {
                        if (i >= line.Length)
                        {
                            throw Error($"{name}: the value of label {label} is not closed (missing '\"')");
                        }

                        var escaped = line[i++];
                        value.Append(escaped switch
                        {
                            'n' => '\n',
                            '\\' => '\\',
                            '"' => '"',
                            _ => throw Error($"{name}: label {label} has an unknown escape '\\{escaped}' (expected \\\\, \\\" or \\n)"),
                        });
                    }
                    else
                    {
                        value.Append(c);
                    }
                }

                if (labels.Exists(l => l.Key == label))
                {
                    throw Error($"{name}: label {label} is given twice");
                }

                labels.Add(new(label, value.ToString()));
                i = SkipBlanks(line, i);
                if (i < line.Length && line[i] == ',')
                {
                    i++;
                }
                else if (i >= line.Length || line[i] != '}')
                {
                    throw Error($"{name}: expected ',' or '}}' after label {label}");
                }
            }
        }

        var rest = line[i..].ToString();
        if (rest.Length == 0 || rest[0] is not (' ' or '\t'))
        {
            throw Error(rest.Length == 0 ? $"{name}: no value" : $"{name}: expected a blank and a value, found '{Shorten(rest)}'");
        }

        var tokens = rest.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length is 0 or > 2)
        {
            throw Error($"{name}: expected a value and an optional timestamp, found '{rest.Trim()}'");
        }

        if (!TryParseValue(tokens[0], out var number))
        {
            throw Error($"{name}: value '{Shorten(tokens[0])}' is not a number");
        }

        if (tokens.Length == 2 && !long.TryParse(tokens[1], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
        {
            throw Error($"{name}: timestamp '{Shorten(tokens[1])}' is not a whole number of milliseconds");
        }

        return new ExpositionSeries(name, labels, number, lineNumber);
    }

    /// <summary>A value as Go's ParseFloat reads it: decimal or exponent notation, NaN, +Inf, -Inf.</summary>
    internal static bool TryParseValue(string token, out double value)
    {
        switch (token.ToUpperInvariant())
        {
            case "NAN":
                value = double.NaN;
                return true;
            case "INF" or "+INF":
                value = double.PositiveInfinity;
                return true;
            case "-INF":
                value = double.NegativeInfinity;
                return true;
        }

        return double.TryParse(token, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out value);
    }

    private static int SkipBlanks(ReadOnlySpan<char> line, int i)
    {
        while (i < line.Length && line[i] is ' ' or '\t')
        {
            i++;
        }

        return i;
    }

    private static string Shorten(ReadOnlySpan<char> text) => text.Length > 60 ? string.Concat(text[..60], "...") : text.ToString();
}
