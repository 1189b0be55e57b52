using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Configuration;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// Any Prometheus exporter the site already runs (NetApp Harvest, node_exporter, a vendor's):
/// scrapes its text exposition (or reads a saved one) and maps its series to Monitor's metrics
/// through the rules of <see cref="ExporterOptions"/> (see config/mappings/). A scrape that is cut
/// short or malformed is an error naming the line, never a partial reading.
/// </summary>
public sealed class ExporterScrape : PolledSource, IDisposable
{
    private readonly ExporterOptions _options;
    private readonly ExporterMapping _mapping;
    private readonly HttpClient _http;
    private readonly ILogger _logger;

    /// <summary>Creates the source.</summary>
    /// <exception cref="ConfigurationError">The mapping has problems; the message lists each with its key.</exception>
    public ExporterScrape(ExporterOptions options, SourceContext context)
        : base(options, context)
    {
        _options = options;
        var errors = new List<string>();
        _mapping = ExporterMapping.Load(options, "Agent:Sources:Exporter", errors);
        if (errors.Count > 0)
        {
            throw new ConfigurationError(string.Join(Environment.NewLine, errors));
        }

        _logger = context.Logs.CreateLogger<ExporterScrape>();
        _http = new HttpClient(new SocketsHttpHandler
        {
            AutomaticDecompression = DecompressionMethods.All,
            AllowAutoRedirect = false,
            UseCookies = false,
            ConnectTimeout = options.Timeout,
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
            MaxResponseContentBufferSize = 64 * 1024 * 1024,
        };
    }

    /// <summary>How the agent finds, configures and builds this source: "exporter", under Agent:Sources:Exporter.</summary>
    public static SourceDefinition<ExporterOptions> Definition { get; } = new("exporter", (options, context) => new ExporterScrape(options, context));

    /// <inheritdoc/>
    public override string Name => Definition.Name;

    /// <inheritdoc/>
    public void Dispose() => _http.Dispose();

    /// <inheritdoc/>
    protected override async Task<SourceReading> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Our own deadline as well as the base's: what this read started (a request, a command)
        // is cut off at the timeout even once the base has stopped waiting for it.
        using var deadline = new CancellationTokenSource(_options.Timeout, Context.Clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        return await ReadWithinAsync(now, linked.Token);
    }

    private async Task<SourceReading> ReadWithinAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        string text;
        string place;
        if (_options.InputFile.Length > 0)
        {
            place = _options.InputFile;
            try
            {
                text = await File.ReadAllTextAsync(place, cancellationToken);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InvalidDataException($"{place}: {e.Message}", e);
            }
        }
        else
        {
            place = $"GET {_options.Url}";
            text = await ScrapeAsync(place, cancellationToken);
        }

        var series = ExpositionParser.Parse(text, place);
        var samples = _mapping.Apply(series, Context.Host, now, warning => _logger.LogWarning("source {Source}: {Warning}", Name, warning));
        return new SourceReading(samples);
    }

    private async Task<string> ScrapeAsync(string place, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, _options.Url);
        // The classic text format: what every exporter serves; OpenMetrics only if it insists.
        request.Headers.Accept.ParseAdd("text/plain;version=0.0.4;q=1.0");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("*/*", 0.1));
        try
        {
            using var response = await _http.SendAsync(request, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"{place}: {(int)response.StatusCode} {response.ReasonPhrase}"));
            }

            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidDataException($"{place}: {e.Message}", e);
        }
    }
}
