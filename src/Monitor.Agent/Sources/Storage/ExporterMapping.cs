using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// The rules that turn an exporter's series into Monitor samples, checked once at start: every
/// problem names its key (in config) or its rule (in a mapping file) and says what is expected.
/// Applying them keeps the previous value of each counter series, for rates.
/// </summary>
internal sealed partial class ExporterMapping
{
    private readonly Dictionary<string, (double Value, DateTimeOffset Time)> _counters = new(StringComparer.Ordinal);

    private ExporterMapping(IReadOnlyList<Rule> rules) => Rules = rules;

    /// <summary>The rules, file first, then config.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    /// <summary>The file's and the config's rules, compiled; each problem is added to <paramref name="errors"/>.</summary>
    public static ExporterMapping Load(ExporterOptions options, string keyPrefix, List<string> errors)
    {
        var rules = new List<Rule>();
        if (options.MappingFile.Length > 0)
        {
            var file = options.MappingFile;
            MappingFile? document = null;
            try
            {
                using var stream = File.OpenRead(file);
                document = JsonSerializer.Deserialize(stream, FileFormat.Default.MappingFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{keyPrefix}:MappingFile = '{file}' is not valid: expected a readable mapping file ({e.Message})");
            }
            catch (JsonException e)
            {
                var what = e.Message.Split(" Path:", 2)[0].Split(" LineNumber:", 2)[0].TrimEnd('.', ' ');
                errors.Add($"{file} line {(e.LineNumber ?? 0) + 1}: {what} (at {e.Path})");
            }

            if (document is not null)
            {
                for (var i = 0; i < document.Rules.Count; i++)
                {
                    rules.Add(Compile(document.Rules[i], $"{file}: rules[{i}].", camelCase: true, errors));
                }

                if (document.Rules.Count == 0)
                {
                    errors.Add($"{file}: rules = [] is not valid: expected at least one rule");
                }
            }
        }

        for (var i = 0; i < options.Rules.Count; i++)
        {
            rules.Add(Compile(options.Rules[i], $"{keyPrefix}:Rules:{i}:", camelCase: false, errors));
        }

        if (rules.Count == 0 && options.MappingFile.Length == 0)
        {
            errors.Add($"{keyPrefix}:MappingFile = '' is not valid: expected a mapping file (e.g. config/mappings/node-exporter.json) or Rules");
        }

        return new ExporterMapping(rules);
    }

    /// <summary>
    /// The samples the rules make of one scrape at <paramref name="now"/>. Counter series are
    /// remembered for the next scrape; a counter that went back (a restart) gives no rate once.
    /// </summary>
    public List<Sample> Apply(IReadOnlyList<ExpositionSeries> exposition, string host, DateTimeOffset now, Action<string> warn)
    {
        var byName = exposition.ToLookup(s => s.Name, StringComparer.Ordinal);
        var groups = new Dictionary<(string Metric, string Entity), (Rule Rule, List<double> Values)>();
        var counters = new HashSet<string>(StringComparer.Ordinal);
        for (var r = 0; r < Rules.Count; r++)
        {
            var rule = Rules[r];
            foreach (var series in byName[rule.Match])
            {
                if (!rule.Matches(series) || rule.EntityOf(series, host) is not { } entity)
                {
                    continue;
                }

                double value;
                if (rule.Rate)
                {
                    var key = $"{r}|{series.Key}";
                    counters.Add(key);
                    var had = _counters.TryGetValue(key, out var previous);
                    _counters[key] = (series.Value, now);
                    var seconds = (now - previous.Time).TotalSeconds;
                    if (!had || seconds <= 0 || series.Value < previous.Value || !double.IsFinite(series.Value))
                    {
                        continue;
                    }

                    value = (series.Value - previous.Value) / seconds;
                }
                else if (rule.ValueOf(series, warn) is { } mapped)
                {
                    value = mapped;
                }
                else
                {
                    continue;
                }

                var target = (rule.Metric, entity);
                if (!groups.TryGetValue(target, out var group))
                {
                    groups[target] = group = (rule, []);
                }

                group.Values.Add(value * rule.Scale);
            }
        }

        // Series gone from the exporter start afresh if they come back.
        foreach (var gone in _counters.Keys.Where(k => !counters.Contains(k)).ToList())
        {
            _counters.Remove(gone);
        }

        return groups
            .Select(g => new Sample(now, g.Key.Entity, g.Key.Metric, g.Value.Rule.Combine(g.Value.Values)))
            .ToList();
    }

    private static Rule Compile(ExporterRule rule, string place, bool camelCase, List<string> errors)
    {
        string Key(string property) => place + (camelCase ? JsonNamingPolicy.CamelCase.ConvertName(property) : property);
        void Fail(string property, object? value, string expected) =>
            errors.Add($"{Key(property)} = '{Convert.ToString(value, CultureInfo.InvariantCulture)}' is not valid: expected {expected}");

        if (!IsMetricName(rule.Match))
        {
            Fail(nameof(ExporterRule.Match), rule.Match, "the exporter's metric name, e.g. node_disk_reads_completed_total");
        }

        if (!MetricCatalog.TryGet(rule.Metric, out _))
        {
            Fail(nameof(ExporterRule.Metric), rule.Metric, $"a metric of Monitor's catalog ({string.Join(", ", MetricCatalog.All.Keys.Order(StringComparer.Ordinal))})");
        }

        var template = EntityTemplate.Parse(rule.Entity, out var templateError);
        if (templateError is not null)
        {
            Fail(nameof(ExporterRule.Entity), rule.Entity, templateError);
        }

        var matchers = new List<LabelMatcher>();
        foreach (var (label, matcher) in rule.Labels)
        {
            try
            {
                matchers.Add(LabelMatcher.Parse(label, matcher));
            }
            catch (ArgumentException e)
            {
                Fail($"{nameof(ExporterRule.Labels)}:{label}", matcher, $"a value, !value, ~regex or !~regex ({e.Message})");
            }
        }

        if (!double.IsFinite(rule.Scale) || rule.Scale == 0)
        {
            Fail(nameof(ExporterRule.Scale), rule.Scale, "a finite factor other than 0, e.g. 0.000001 for microseconds to seconds");
        }

        if (rule.Rate && (rule.Values.Count > 0 || rule.ValueLabel.Length > 0))
        {
            Fail(nameof(ExporterRule.Rate), rule.Rate, "false when Values or ValueLabel are set: a rate is of the series' own value");
        }

        if (rule.ValueLabel.Length > 0 && rule.Values.Count == 0 && rule.Default is null)
        {
            Fail(nameof(ExporterRule.Values), "{}", $"the values of label {rule.ValueLabel} mapped to numbers, e.g. {{\"Online\": 1}}");
        }

        if (rule.Aggregate is not ("sum" or "min" or "max" or "avg"))
        {
            Fail(nameof(ExporterRule.Aggregate), rule.Aggregate, "sum, min, max or avg");
        }

        return new Rule(place.TrimEnd(':', '.'), rule.Match, matchers, rule.Metric, template, rule.Scale, rule.Rate,
            rule.ValueLabel, new Dictionary<string, double>(rule.Values, StringComparer.Ordinal), rule.Default, rule.Aggregate);
    }

    private static bool IsMetricName(string name) =>
        name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or ':');

    /// <summary>A mapping file: a description for people, and the rules.</summary>
    // The mapping file's JSON, generated at build time (no reflection: survives trimming).
    [JsonSourceGenerationOptions(
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true)]
    [JsonSerializable(typeof(MappingFile))]
    private sealed partial class FileFormat : JsonSerializerContext;

    private sealed class MappingFile
    {
        public string Description { get; set; } = "";

        public List<string> Sources { get; set; } = [];

        public List<ExporterRule> Rules { get; set; } = [];
    }

    /// <summary>A compiled rule.</summary>
    internal sealed record Rule(
        string Place,
        string Match,
        IReadOnlyList<LabelMatcher> Matchers,
        string Metric,
        EntityTemplate Entity,
        double Scale,
        bool Rate,
        string ValueLabel,
        IReadOnlyDictionary<string, double> Values,
        double? Default,
        string Aggregate)
    {
        private readonly HashSet<string> _warned = new(StringComparer.Ordinal);

        public bool Matches(ExpositionSeries series) => Matchers.All(m => m.Matches(series.Label(m.Label)));

        public string? EntityOf(ExpositionSeries series, string host) => Entity.Render(series, host);

        /// <summary>The value to emit, or null to skip the series.</summary>
        public double? ValueOf(ExpositionSeries series, Action<string> warn)
        {
            string key;
            if (ValueLabel.Length > 0)
            {
                // An enum-style series (one per state, 1 for the current one): 0 is not the state.
                if (series.Value == 0)
                {
                    return null;
                }

                key = series.Label(ValueLabel);
            }
            else if (Values.Count == 0)
            {
                return series.Value;
            }
            else
            {
                key = series.Value.ToString(CultureInfo.InvariantCulture);
            }

            if (Values.TryGetValue(key, out var mapped))
            {
                return mapped;
            }

            if (Default is { } fallback)
            {
                return fallback;
            }

            if (_warned.Add(key))
            {
                warn($"{Place}: {series.Name} line {series.Line}: '{key}' is not in its Values and it has no Default; such series are skipped");
            }

            return null;
        }

        public double Combine(List<double> values) => Aggregate switch
        {
            "min" => values.Min(),
            "max" => values.Max(),
            "avg" => values.Average(),
            _ => values.Sum(),
        };
    }

    /// <summary>One label condition of a rule.</summary>
    internal sealed record LabelMatcher(string Label, string? Equal, string? NotEqual, Regex? Pattern, bool Negated)
    {
        public static LabelMatcher Parse(string label, string matcher)
        {
            if (matcher.StartsWith("!~", StringComparison.Ordinal))
            {
                return new(label, null, null, Anchored(matcher[2..]), true);
            }

            if (matcher.StartsWith('~'))
            {
                return new(label, null, null, Anchored(matcher[1..]), false);
            }

            if (matcher.StartsWith('!'))
            {
                return new(label, null, matcher[1..], null, false);
            }

            return new(label, matcher.StartsWith('=') ? matcher[1..] : matcher, null, null, false);
        }

        public bool Matches(string value) =>
            Pattern is not null ? Pattern.IsMatch(value) != Negated
            : NotEqual is not null ? value != NotEqual
            : value == Equal;

        // Prometheus anchors label regexes at both ends.
        private static Regex Anchored(string pattern) =>
            new($"^(?:{pattern})$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    /// <summary>An entity template: literal text, "{label}" and "{$host}".</summary>
    internal sealed class EntityTemplate
    {
        private readonly List<(string Text, bool IsLabel)> _parts;

        private EntityTemplate(List<(string Text, bool IsLabel)> parts) => _parts = parts;

        public static EntityTemplate Parse(string template, out string? error)
        {
            error = null;
            var parts = new List<(string, bool)>();
            if (template.Length == 0)
            {
                error = "a template such as \"{$host}/{device}\" or \"{cluster}/{node}\"";
                return new EntityTemplate(parts);
            }

            var i = 0;
            while (i < template.Length)
            {
                var open = template.IndexOf('{', i);
                var close = template.IndexOf('}', i);
                if (close >= 0 && (open < 0 || close < open))
                {
                    error = $"no '}}' without its '{{' (column {close + 1})";
                    break;
                }

                if (open < 0)
                {
                    parts.Add((template[i..], false));
                    break;
                }

                if (open > i)
                {
                    parts.Add((template[i..open], false));
                }

                if (close < 0)
                {
                    error = $"a '}}' to close the '{{' at column {open + 1}";
                    break;
                }

                var name = template[(open + 1)..close];
                if (name != "$host" && !(name.Length > 0 && !char.IsAsciiDigit(name[0]) && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')))
                {
                    error = $"a label name or $host between braces, not '{name}'";
                    break;
                }

                parts.Add((name, true));
                i = close + 1;
            }

            return new EntityTemplate(parts);
        }

        /// <summary>The entity of one series, or null when a label it names is empty or absent.</summary>
        public string? Render(ExpositionSeries series, string host)
        {
            var entity = new StringBuilder();
            foreach (var (text, isLabel) in _parts)
            {
                var value = !isLabel ? text : text == "$host" ? host : series.Label(text);
                if (isLabel && value.Length == 0)
                {
                    return null;
                }

                entity.Append(value);
            }

            return entity.ToString();
        }
    }
}
