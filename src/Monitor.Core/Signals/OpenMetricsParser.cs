using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Monitor.Core.Signals;

/// <summary>
/// Reads text as the OpenMetrics 1.0 standard defines it, names and all, before anything of
/// Monitor's vocabulary applies: syntax of every line (label sets, one space between fields,
/// numbers without hex or underscores, "# HELP", "# TYPE" and "# UNIT" lines, no blank line, "# EOF"
/// last), then the rules of families (metadata before samples, each family's lines together,
/// names that fit the type, counter, histogram, summary, info and stateset values, exemplars only
/// where allowed, timestamps that never go back within a series). A line that breaks a rule is
/// reported with its line number and left out; a rule of a whole histogram point is reported at
/// the point's first line. Checked against the official parser suite (prometheus/OpenMetrics
/// tests/testdata/parsers, vendored in the tests).
/// </summary>
public static partial class OpenMetricsParser
{
    /// <summary>Greatest length, in code points, of an exemplar's label names and values together.</summary>
    public const int MaxExemplarLabelLength = 128;

    private static readonly HashSet<string> Types = ["counter", "gauge", "histogram", "gaugehistogram", "stateset", "info", "summary", "unknown"];

    /// <summary>Every valid sample of <paramref name="reader"/>, lazily, in file order.</summary>
    /// <param name="reader">The text.</param>
    /// <param name="sourceName">Name used in problems, usually the file path.</param>
    /// <param name="onProblem">Called once per line that breaks the standard.</param>
    public static IEnumerable<OpenMetricsSample> Parse(TextReader reader, string sourceName, Action<InputProblem> onProblem)
    {
        var exposition = new Exposition(sourceName, onProblem);
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (exposition.SawEof)
            {
                onProblem(new InputProblem(sourceName, lineNumber, "text after '# EOF' is ignored"));
                yield break;
            }

            if (exposition.Read(line, lineNumber) is { } sample)
            {
                yield return sample;
            }
        }

        exposition.End(lineNumber);
    }

    [GeneratedRegex(@"^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex RealNumber();

    [GeneratedRegex(@"^[+-]?(inf|infinity)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Infinity();

    /// <summary>A number as the standard writes one: decimal or exponent notation, NaN, ±Inf (any case).</summary>
    public static bool TryParseNumber(string text, out double value)
    {
        if (Infinity().IsMatch(text))
        {
            value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        if (text.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return true;
        }

        return TryParseRealNumber(text, out value);
    }

    /// <summary>A finite decimal number (what timestamps, exemplar timestamps and quantiles are).</summary>
    public static bool TryParseRealNumber(string text, out double value)
    {
        value = 0;
        return RealNumber().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    private static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c is '_' or ':';

    private static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '_' or ':';

    private static bool IsLabelStart(char c) => char.IsAsciiLetter(c) || c == '_';

    private static bool IsLabelChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    /// <summary>The sample names a family of <paramref name="type"/> may have.</summary>
    private static string[] SampleNames(string family, string type) => type switch
    {
        "counter" => [family + "_total", family + "_created"],
        "histogram" => [family + "_bucket", family + "_count", family + "_sum", family + "_created"],
        "gaugehistogram" => [family + "_bucket", family + "_gcount", family + "_gsum"],
        "summary" => [family, family + "_count", family + "_sum", family + "_created"],
        "info" => [family + "_info"],
        _ => [family],
    };

    /// <summary>A line that breaks the standard; thrown inside the parser only, reported as an <see cref="InputProblem"/>.</summary>
    private sealed class LineException(string message) : Exception(message);

    private sealed class Family(string name, int line)
    {
        public string Name { get; } = name;

        public int Line { get; } = line;

        public string Type { get; set; } = "unknown";

        public bool HasHelp { get; set; }

        public bool HasType { get; set; }

        public bool HasUnit { get; set; }

        public bool SawSamples { get; set; }

        public string[] Names { get; set; } = [name];

        public string? Group { get; set; }

        public HashSet<string> ClosedGroups { get; } = new(StringComparer.Ordinal);

        public bool GroupHasTimestamps { get; set; }

        public double? GroupTimestamp { get; set; }

        public HistogramPoint? Point { get; set; }
    }

    /// <summary>What one histogram (or gauge histogram) MetricPoint has shown so far.</summary>
    private sealed class HistogramPoint(int line)
    {
        public int Line { get; } = line;

        public double? LastBound { get; set; }

        public double LastBucket { get; set; } = double.NegativeInfinity;

        public bool NegativeBucket { get; set; }

        public double? Count { get; set; }

        public double? Sum { get; set; }
    }

    private sealed class Exposition(string sourceName, Action<InputProblem> onProblem)
    {
        private readonly Dictionary<string, Family> _families = new(StringComparer.Ordinal);
        private readonly Dictionary<string, Family> _claimed = new(StringComparer.Ordinal);
        private Family? _current;

        public bool SawEof { get; private set; }

        public OpenMetricsSample? Read(string line, int number)
        {
            try
            {
                if (line.Length == 0)
                {
                    throw new LineException("blank line: OpenMetrics has none (a family's lines follow each other, and the text ends with '# EOF')");
                }

                if (line[0] == '#')
                {
                    Metadata(line, number);
                    return null;
                }

                return Sample(line, number);
            }
            catch (LineException e)
            {
                onProblem(new InputProblem(sourceName, number, e.Message));
                return null;
            }
        }

        public void End(int lastLine)
        {
            FinishFamily();
            if (!SawEof)
            {
                onProblem(new InputProblem(sourceName, Math.Max(1, lastLine), "no '# EOF' at the end: the file may be truncated"));
            }
        }

        private void Metadata(string line, int number)
        {
            if (line == "# EOF")
            {
                FinishFamily();
                SawEof = true;
                return;
            }

            var words = line.Split(' ', 4);
            if (words[0] != "#" || words.Length < 2 || words[1] is not ("HELP" or "TYPE" or "UNIT"))
            {
                throw new LineException($"'{Shorten(line)}': a line starting with '#' is '# HELP', '# TYPE', '# UNIT' or '# EOF' (OpenMetrics has no other comments)");
            }

            var keyword = words[1];
            if (words.Length < 3 || words[2].Length == 0 || !IsNameStart(words[2][0]) || !words[2].All(IsNameChar))
            {
                throw new LineException($"'# {keyword}' needs a metric family name after one space");
            }

            var name = words[2];
            if (words.Length < 4)
            {
                throw new LineException($"'# {keyword} {name}' needs a space and its {(keyword == "HELP" ? "text" : keyword == "TYPE" ? "type" : "unit")} after the name");
            }

            var value = words[3];
            if (keyword == "TYPE" && !Types.Contains(value))
            {
                throw new LineException($"'{Shorten(value)}' is not a type: OpenMetrics has {string.Join(", ", Types)}");
            }

            if (keyword == "UNIT" && value.Length > 0 && (!value.All(IsNameChar) || !name.EndsWith("_" + value, StringComparison.Ordinal)))
            {
                throw new LineException($"family '{name}' with unit '{Shorten(value)}' must be named ..._{value}");
            }

            var family = Enter(name, number);
            if (family.SawSamples)
            {
                throw new LineException($"'# {keyword} {name}' comes after samples of {name}: a family's metadata comes first");
            }

            switch (keyword)
            {
                case "HELP" when family.HasHelp:
                case "TYPE" when family.HasType:
                case "UNIT" when family.HasUnit:
                    throw new LineException($"'# {keyword} {name}' is given twice");
                case "HELP":
                    family.HasHelp = true;
                    break;
                case "TYPE":
                    if (family.HasUnit && value is "info" or "stateset")
                    {
                        throw new LineException($"{value} {name} cannot have a unit");
                    }

                    family.HasType = true;
                    family.Type = value;
                    Claim(family, SampleNames(name, value));
                    break;
                default:
                    if (family.Type is "info" or "stateset" && value.Length > 0)
                    {
                        throw new LineException($"{family.Type} {name} cannot have a unit");
                    }

                    family.HasUnit = true;
                    break;
            }
        }

        // The family a metadata line names: the current one, or a new one.
        private Family Enter(string name, int number)
        {
            if (_current?.Name == name)
            {
                return _current;
            }

            if (_families.TryGetValue(name, out var earlier) || _claimed.TryGetValue(name, out earlier))
            {
                throw new LineException($"family '{name}' clashes with family '{earlier.Name}' of line {earlier.Line}: a family's lines come together, and its names are its own");
            }

            FinishFamily();
            _current = new Family(name, number);
            _families.Add(name, _current);
            Claim(_current, [name]);
            return _current;
        }

        private void Claim(Family family, string[] names)
        {
            foreach (var name in names)
            {
                if (_claimed.TryGetValue(name, out var other) && other != family)
                {
                    throw new LineException($"{family.Type} '{family.Name}' has samples named {name}, a name of family '{other.Name}' (line {other.Line})");
                }
            }

            foreach (var name in names)
            {
                _claimed[name] = family;
            }

            family.Names = names;
        }

        private OpenMetricsSample Sample(string line, int number)
        {
            var i = 0;
            while (i < line.Length && IsNameChar(line[i]))
            {
                i++;
            }

            if (i == 0 || !IsNameStart(line[0]))
            {
                throw new LineException($"expected 'metric_name{{labels}} value [timestamp]' at the start of '{Shorten(line)}'");
            }

            var name = line[..i];
            var labels = new List<KeyValuePair<string, string>>();
            if (i < line.Length && line[i] == '{')
            {
                i = Labels(line, i, name, labels);
            }

            if (i >= line.Length || line[i] != ' ')
            {
                throw new LineException(i >= line.Length ? $"{name}: no value" : $"{name}: expected one space and a value, found '{Shorten(line[i..])}'");
            }

            var valueText = Token(line, ref i);
            if (!TryParseNumber(valueText, out var value))
            {
                throw new LineException(valueText.Length == 0
                    ? $"{name}: expected exactly one space before the value"
                    : $"{name}: value '{Shorten(valueText)}' is not a number");
            }

            double? timestamp = null;
            var exemplar = false;
            if (i < line.Length)
            {
                if (i + 1 < line.Length && line[i + 1] == '#')
                {
                    exemplar = true;
                }
                else
                {
                    var text = Token(line, ref i);
                    if (!TryParseRealNumber(text, out var seconds))
                    {
                        throw new LineException(text.Length == 0
                            ? $"{name}: expected exactly one space before the timestamp, and none after the line"
                            : $"{name}: timestamp '{Shorten(text)}' is not a number of seconds");
                    }

                    timestamp = seconds;
                    exemplar = i < line.Length;
                }
            }

            var family = FamilyOf(name, number);
            if (exemplar)
            {
                Exemplar(line, i, name, family);
            }

            Check(family, name, labels, value, timestamp, number);
            family.SawSamples = true;
            return new OpenMetricsSample(number, family.Name, family.Type, name, labels, value, timestamp);
        }

        // The next field after one space; i moves to the space after it (or the end).
        private static string Token(string line, ref int i)
        {
            var start = i + 1;
            var end = line.IndexOf(' ', start);
            end = end < 0 ? line.Length : end;
            i = end;
            return line[start..end];
        }

        private static int Labels(string line, int i, string name, List<KeyValuePair<string, string>> labels)
        {
            i++; // '{'
            if (i < line.Length && line[i] == '}')
            {
                return i + 1;
            }

            while (true)
            {
                var start = i;
                while (i < line.Length && IsLabelChar(line[i]))
                {
                    i++;
                }

                if (i == start || !IsLabelStart(line[start]))
                {
                    throw new LineException($"{name}: malformed label set: expected a label name at column {start + 1}");
                }

                var label = line[start..i];
                if (i >= line.Length || line[i] != '=' || i + 1 >= line.Length || line[i + 1] != '"')
                {
                    throw new LineException($"{name}: malformed label set: label {label} needs =\"value\" at column {i + 1}");
                }

                var value = new StringBuilder();
                for (i += 2; ; i++)
                {
                    if (i >= line.Length)
                    {
                        throw new LineException($"{name}: the value of label {label} has no closing quote");
                    }

                    if (line[i] == '"')
                    {
                        break;
                    }

                    if (line[i] == '\\' && i + 1 < line.Length)
                    {
                        // The standard escapes \\, \" and \n; any other backslash is kept as written,
                        // so that an entity id is never changed by a character vanishing.
                        var next = line[i + 1];
                        if (next is '\\' or '"' or 'n')
                        {
                            value.Append(next == 'n' ? '\n' : next);
                            i++;
                            continue;
                        }
                    }

                    value.Append(line[i]);
                }

                i++; // closing quote
                if (labels.Exists(l => l.Key == label))
                {
                    throw new LineException($"{name}: label {label} is given twice");
                }

                labels.Add(new(label, value.ToString()));
                if (i < line.Length && line[i] == '}')
                {
                    return i + 1;
                }

                if (i >= line.Length || line[i] != ',')
                {
                    throw new LineException($"{name}: malformed label set: expected ',' or '}}' after label {label}, at column {i + 1}");
                }

                i++;
            }
        }

        private static void Exemplar(string line, int i, string name, Family family)
        {
            // At i: " # {labels} value [timestamp]".
            if (!line.AsSpan(i).StartsWith(" # {"))
            {
                throw new LineException($"{name}: an exemplar is written ' # {{labels}} value'");
            }

            var labels = new List<KeyValuePair<string, string>>();
            i = Labels(line, i + 3, name, labels);
            var length = labels.Sum(l => l.Key.EnumerateRunes().Count() + l.Value.EnumerateRunes().Count());
            if (length > MaxExemplarLabelLength)
            {
                throw new LineException($"{name}: the exemplar's labels are {length} characters long, more than the {MaxExemplarLabelLength} allowed");
            }

            if (i >= line.Length || line[i] != ' ')
            {
                throw new LineException($"{name}: expected one space and a value after the exemplar's labels");
            }

            var value = Token(line, ref i);
            if (!TryParseNumber(value, out _))
            {
                throw new LineException($"{name}: exemplar value '{Shorten(value)}' is not a number");
            }

            if (i < line.Length)
            {
                var timestamp = Token(line, ref i);
                if (!TryParseRealNumber(timestamp, out _) || i < line.Length)
                {
                    throw new LineException($"{name}: exemplar timestamp '{Shorten(timestamp)}' is not a number of seconds, or the line goes on after it");
                }
            }

            var allowed = (family.Type == "counter" && name == family.Name + "_total")
                || (family.Type is "histogram" or "gaugehistogram" && name == family.Name + "_bucket");
            if (!allowed)
            {
                throw new LineException($"{name}: only a counter's _total and a histogram's _bucket may carry an exemplar, not this {family.Type}");
            }
        }

        // The family a sample belongs to: the current one if the name is one of its, else a new
        // family without metadata, unless the name belongs to a family whose lines have ended.
        private Family FamilyOf(string name, int number)
        {
            if (_current is { } current && Array.IndexOf(current.Names, name) >= 0)
            {
                return current;
            }

            if (_current?.Name == name)
            {
                throw new LineException($"a sample of {_current.Type} {name} is named {string.Join(" or ", _current.Names)}");
            }

            if (_claimed.TryGetValue(name, out var earlier) || _families.TryGetValue(name, out earlier))
            {
                throw new LineException($"{name} belongs to family '{earlier.Name}' of line {earlier.Line}, whose lines have ended: a family's lines come together");
            }

            FinishFamily();
            _current = new Family(name, number);
            _families.Add(name, _current);
            Claim(_current, [name]);
            return _current;
        }

        private void Check(Family family, string name, List<KeyValuePair<string, string>> labels, double value, double? timestamp, int number)
        {
            var suffix = name[family.Name.Length..];
            string? Label(string label) => labels.Find(l => l.Key == label).Value;
            var ignored = family.Type switch
            {
                "histogram" or "gaugehistogram" when suffix == "_bucket" => "le",
                "summary" when suffix.Length == 0 => "quantile",
                "stateset" => family.Name,
                _ => null,
            };

            switch (family.Type, suffix)
            {
                case ("counter", "_total"):
                case ("histogram", "_bucket" or "_count" or "_sum"):
                case ("gaugehistogram", "_bucket" or "_gcount"):
                case ("summary", "_count" or "_sum"):
                    if (!(value >= 0))
                    {
                        throw new LineException($"{name}: a {family.Type}'s {(suffix.Length > 0 ? suffix[1..] : "value")} is a count or sum that cannot be {Describe(value)}");
                    }

                    break;
                case ("gaugehistogram", "_gsum"):
                    if (double.IsNaN(value))
                    {
                        throw new LineException($"{name}: a gauge histogram's gsum must be a number");
                    }

                    break;
                case ("summary", ""):
                    if (Label("quantile") is not { } q || !TryParseRealNumber(q, out var quantile) || quantile is < 0 or > 1)
                    {
                        throw new LineException($"{name}: a summary's quantile sample needs a label quantile between 0 and 1");
                    }

                    if (value < 0)
                    {
                        throw new LineException($"{name}: a quantile of a summary of counts cannot be negative");
                    }

                    break;
                case ("info", _):
                    if (value != 1)
                    {
                        throw new LineException($"{name}: an info's value is 1");
                    }

                    break;
                case ("stateset", _):
                    if (Label(family.Name) is null)
                    {
                        throw new LineException($"{name}: a stateset's sample needs a label {family.Name} naming its state");
                    }

                    if (value is not (0 or 1))
                    {
                        throw new LineException($"{name}: a state is 0 or 1");
                    }

                    break;
            }

            double bound = 0;
            if (ignored == "le")
            {
                var le = Label("le");
                if (le == "+Inf")
                {
                    bound = double.PositiveInfinity;
                }
                else if (le is null || !TryParseRealNumber(le, out bound))
                {
                    throw new LineException($"{name}: a bucket needs a label le with its upper bound (a number, or +Inf)");
                }
            }

            Order(family, labels, ignored, timestamp, number);
            if (family.Type is "histogram" or "gaugehistogram")
            {
                Histogram(family, suffix, bound, value, number);
            }
        }

        // A series' samples come together, with timestamps on all or none, never going back.
        private void Order(Family family, List<KeyValuePair<string, string>> labels, string? ignored, double? timestamp, int number)
        {
            var group = string.Join(",", labels.Where(l => l.Key != ignored).OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""));
            if (group != family.Group)
            {
                if (family.ClosedGroups.Contains(group))
                {
                    throw new LineException($"series {{{group}}} of {family.Name} appears again after other series: a series' lines come together");
                }

                FinishPoint(family);
                if (family.Group is { } previous)
                {
                    family.ClosedGroups.Add(previous);
                }

                family.Group = group;
                family.GroupHasTimestamps = timestamp is not null;
                family.GroupTimestamp = timestamp;
                return;
            }

            if ((timestamp is not null) != family.GroupHasTimestamps)
            {
                throw new LineException($"series {{{group}}} of {family.Name} has lines with and without timestamps");
            }

            if (timestamp < family.GroupTimestamp)
            {
                throw new LineException($"series {{{group}}} of {family.Name}: timestamp {timestamp?.ToString(CultureInfo.InvariantCulture)} goes back (the line before has {family.GroupTimestamp?.ToString(CultureInfo.InvariantCulture)})");
            }

            if (timestamp != family.GroupTimestamp)
            {
                FinishPoint(family);
                family.GroupTimestamp = timestamp;
            }
        }

        private static void Histogram(Family family, string suffix, double bound, double value, int number)
        {
            var point = family.Point ??= new HistogramPoint(number);
            switch (suffix)
            {
                case "_bucket":
                    if (point.LastBound >= bound)
                    {
                        throw new LineException($"{family.Name}: buckets come in increasing order of le");
                    }

                    if (value < point.LastBucket)
                    {
                        throw new LineException($"{family.Name}: a bucket counts everything of the smaller ones, so it cannot hold fewer ({value.ToString(CultureInfo.InvariantCulture)} < {point.LastBucket.ToString(CultureInfo.InvariantCulture)})");
                    }

                    point.LastBound = bound;
                    point.LastBucket = value;
                    point.NegativeBucket |= bound < 0;
                    break;
                case "_count" or "_gcount":
                    point.Count = value;
                    break;
                case "_sum" or "_gsum":
                    point.Sum = value;
                    break;
            }
        }

        private void FinishPoint(Family family)
        {
            if (family.Point is not { } point)
            {
                return;
            }

            family.Point = null;
            var (count, sum) = family.Type == "histogram" ? ("count", "sum") : ("gcount", "gsum");
            var problem =
                point.LastBound != double.PositiveInfinity ? $"{family.Name}: a {family.Type} needs a bucket le=\"+Inf\""
                : point.Count is { } c && c != point.LastBucket ? $"{family.Name}: _{count} {c.ToString(CultureInfo.InvariantCulture)} differs from the +Inf bucket's {point.LastBucket.ToString(CultureInfo.InvariantCulture)}"
                : (point.Count is null) != (point.Sum is null) ? $"{family.Name}: _{count} and _{sum} come together or not at all"
                : family.Type == "histogram" && point.NegativeBucket && point.Sum is not null ? $"{family.Name}: a histogram with negative buckets has no _sum"
                : family.Type == "gaugehistogram" && !point.NegativeBucket && point.Sum < 0 ? $"{family.Name}: _gsum cannot be negative without a negative bucket"
                : null;
            if (problem is not null)
            {
                onProblem(new InputProblem(sourceName, point.Line, problem));
            }
        }

        private void FinishFamily()
        {
            if (_current is { } family)
            {
                FinishPoint(family);
            }
        }

        private static string Describe(double value) => double.IsNaN(value) ? "NaN" : "negative";
    }

    private static string Shorten(string text) => text.Length > 60 ? text[..60] + "..." : text;
}
