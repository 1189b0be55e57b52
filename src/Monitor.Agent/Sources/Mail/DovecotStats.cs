using System.Globalization;
using Monitor.Core.Signals;

namespace Monitor.Agent.Sources.Mail;

/// <summary>Options of the Dovecot statistics source (Agent:Sources:DovecotStats).</summary>
public sealed class DovecotStatsOptions : SourceOptions
{
    /// <summary>Dovecot's OpenMetrics endpoint (service stats { inet_listener http { port = 9900 } }). Default "http://127.0.0.1:9900/metrics".</summary>
    public string Url { get; set; } = "http://127.0.0.1:9900/metrics";

    /// <summary>The dovecot.conf metric counting successful authentications (its series is NAME_total). Default "dovecot_auth_success".</summary>
    public string SuccessMetric { get; set; } = "dovecot_auth_success";

    /// <summary>The metric counting failed authentications. Default "dovecot_auth_failure".</summary>
    public string FailureMetric { get; set; } = "dovecot_auth_failure";

    /// <summary>The label the metrics are grouped by (group_by = service gives pop3, imap...). Default "service"; a series without it counts as protocol "all".</summary>
    public string ProtocolLabel { get; set; } = "service";

    /// <inheritdoc/>
    public override IEnumerable<string> Validate(string keyPrefix)
    {
        if (InputFile.Length == 0 && (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
        {
            yield return $"{keyPrefix}:Url = '{Url}' is not valid: expected Dovecot's OpenMetrics URL, e.g. http://127.0.0.1:9900/metrics";
        }

        if (SuccessMetric.Length == 0 || FailureMetric.Length == 0)
        {
            yield return $"{keyPrefix}:SuccessMetric/FailureMetric = '{SuccessMetric}'/'{FailureMetric}' is not valid: expected the metric names of dovecot.conf";
        }
    }
}

/// <summary>
/// Dovecot's own statistics (2.3.11+: <c>metric</c> blocks with an <c>auth_request_finished</c>
/// filter, exported by <c>service stats { inet_listener http }</c>), turned into the same login
/// rates the mail log gives: an alternative where the logs are not at hand. Recommended
/// dovecot.conf:
/// <code>
/// metric auth_success { filter = event=auth_request_finished AND success=yes
///                       group_by = service }
/// metric auth_failure { filter = event=auth_request_finished AND NOT success=yes
///                       group_by = service }
/// </code>
/// </summary>
public sealed class DovecotStats : PolledSource
{
    private static readonly HttpClient Http = new() { Timeout = Timeout.InfiniteTimeSpan };

    private readonly DovecotStatsOptions _options;
    private Dictionary<(string Metric, string Protocol), double>? _previous;
    private DateTimeOffset _previousTime;

    /// <summary>Creates the source.</summary>
    public DovecotStats(DovecotStatsOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
    }

    /// <summary>How the agent finds, configures and builds this source: "dovecot-stats", under Agent:Sources:DovecotStats.</summary>
    public static SourceDefinition<DovecotStatsOptions> Definition { get; } = new("dovecot-stats", (options, context) => new DovecotStats(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        string text;
        var place = _options.InputFile.Length > 0 ? _options.InputFile : _options.Url;
        try
        {
            text = _options.InputFile.Length > 0
                ? await File.ReadAllTextAsync(_options.InputFile, cancellationToken)
                : await ScrapeAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or HttpRequestException)
        {
            throw new SourceReadException(Name, $"{place}: {e.Message}", e);
        }

        var counters = Parse(text, place);
        var previous = _previous;
        var elapsed = (now - _previousTime).TotalSeconds;
        _previous = counters;
        _previousTime = now;
        if (previous is null || elapsed <= 0)
        {
            return new SourceReading([]); // counters need a previous read to become rates
        }

        var samples = new List<Sample>();
        foreach (var protocol in counters.Keys.Select(k => k.Protocol).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var entity = Context.OnThisHost(protocol);
            samples.Add(new Sample(now, entity, MetricCatalog.MailLoginSuccesses, Rate(_options.SuccessMetric, protocol)));
            samples.Add(new Sample(now, entity, MetricCatalog.MailLoginFailures, Rate(_options.FailureMetric, protocol)));
        }

        return new SourceReading(samples);

        double Rate(string metric, string protocol)
        {
            var current = counters.GetValueOrDefault((metric, protocol));
            var before = previous.GetValueOrDefault((metric, protocol));
            // A counter that went down means Dovecot restarted: count from zero.
            return (current >= before ? current - before : current) / elapsed;
        }
    }

    private async Task<string> ScrapeAsync(CancellationToken cancellationToken)
    {
        using var response = await Http.GetAsync(_options.Url, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}");
        }

        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    // Reads "NAME_total{service="pop3"} 12" lines of the two metrics; other lines are not ours.
    private Dictionary<(string Metric, string Protocol), double> Parse(string text, string place)
    {
        var counters = new Dictionary<(string, string), double>();
        var lineNumber = 0;
        var found = false;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny([' ', '{']);
            if (nameEnd <= 0)
            {
                throw new SourceReadException(Name, $"{place} line {lineNumber}: not an exposition line");
            }

            var name = line[..nameEnd];
            var metric = name == _options.SuccessMetric + "_total" ? _options.SuccessMetric
                : name == _options.FailureMetric + "_total" ? _options.FailureMetric
                : null;
            if (metric is null)
            {
                continue;
            }

            var protocol = "all";
            var rest = line[nameEnd..];
            if (rest.StartsWith('{'))
            {
                var close = rest.IndexOf('}', StringComparison.Ordinal);
                if (close < 0)
                {
                    throw new SourceReadException(Name, $"{place} line {lineNumber}: labels not closed");
                }

                protocol = Label(rest[1..close], _options.ProtocolLabel) ?? "all";
                rest = rest[(close + 1)..];
            }

            var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || !double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0 || !double.IsFinite(value))
            {
                throw new SourceReadException(Name, $"{place} line {lineNumber}: {name} value '{(fields.Length > 0 ? fields[0] : "")}' is not a counter value");
            }

            counters[(metric, protocol)] = counters.GetValueOrDefault((metric, protocol)) + value;
            found = true;
        }

        if (!found)
        {
            throw new SourceReadException(Name, $"{place}: neither {_options.SuccessMetric}_total nor {_options.FailureMetric}_total is there; add the metric blocks to dovecot.conf (see docs/sources.md)");
        }

        return counters;
    }

    private static string? Label(string labels, string wanted)
    {
        foreach (var pair in labels.Split(','))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && pair[..equals].Trim() == wanted)
            {
                return pair[(equals + 1)..].Trim().Trim('"');
            }
        }

        return null;
    }
}
