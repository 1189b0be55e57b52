using System.Text.Json;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Monitor.Collector.Alerting;

/// <summary>
/// Delivers alerts over HTTP: to Alertmanager's API v2 and to generic webhooks, each delivery
/// retried with exponential back-off on network errors, time-outs, 429 and 5xx (Polly, on the
/// collector's TimeProvider). A delivery that still fails is logged; the next round sends again.
/// </summary>
public sealed class AlertSender
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly HttpClient _http;
    private readonly AlertingOptions _options;
    private readonly ResiliencePipeline<HttpResponseMessage> _pipeline;
    private readonly ILogger<AlertSender> _logger;

    /// <summary>Creates the sender on <paramref name="http"/> (from the "alerting" client of the factory).</summary>
    public AlertSender(HttpClient http, IOptions<CollectorOptions> options, TimeProvider timeProvider, ILogger<AlertSender> logger)
    {
        _http = http;
        _options = options.Value.Alerting;
        _logger = logger;
        var builder = new ResiliencePipelineBuilder<HttpResponseMessage> { TimeProvider = timeProvider };
        if (_options.Attempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                MaxRetryAttempts = _options.Attempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = _options.RetryDelay,
                UseJitter = false,
                ShouldHandle = new PredicateBuilder<HttpResponseMessage>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>()
                    .HandleResult(response => (int)response.StatusCode >= 500 || (int)response.StatusCode == 429),
                OnRetry = arguments =>
                {
                    _logger.LogWarning(
                        "Alert delivery attempt {Attempt} failed ({Problem}); retrying in {Delay}",
                        arguments.AttemptNumber + 1,
                        arguments.Outcome.Exception?.Message ?? $"HTTP {(int?)arguments.Outcome.Result?.StatusCode}",
                        arguments.RetryDelay);
                    arguments.Outcome.Result?.Dispose();
                    return ValueTask.CompletedTask;
                },
            });
        }

        _pipeline = builder.AddTimeout(_options.Timeout).Build();
    }

    /// <summary>True when an Alertmanager address is configured.</summary>
    public bool HasAlertmanager => !string.IsNullOrEmpty(_options.AlertmanagerUrl);

    /// <summary>True when at least one webhook is configured.</summary>
    public bool HasWebhooks => _options.Webhooks.Length > 0;

    /// <summary>Posts <paramref name="alerts"/> to <c>&lt;AlertmanagerUrl&gt;/api/v2/alerts</c>; true when Alertmanager took them.</summary>
    public async Task<bool> SendToAlertmanagerAsync(IReadOnlyList<AlertmanagerAlert> alerts, CancellationToken cancellationToken)
    {
        if (!HasAlertmanager || alerts.Count == 0)
        {
            return true;
        }

        var url = new Uri(new Uri(_options.AlertmanagerUrl.TrimEnd('/') + "/"), "api/v2/alerts");
        return await PostAsync(url, alerts, cancellationToken);
    }

    /// <summary>Posts <paramref name="payload"/> to every webhook; true when all took it.</summary>
    public async Task<bool> SendToWebhooksAsync(WebhookPayload payload, CancellationToken cancellationToken)
    {
        var all = true;
        foreach (var webhook in _options.Webhooks)
        {
            all &= await PostAsync(new Uri(webhook), payload, cancellationToken);
        }

        return all;
    }

    private async Task<bool> PostAsync<T>(Uri url, T body, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _pipeline.ExecuteAsync(
                async token => await _http.PostAsync(url, JsonContent.Create(body, options: Json), token),
                cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            var detail = await response.Content.ReadAsStringAsync(cancellationToken);
            _logger.LogError("Alert delivery to {Url} was refused: HTTP {Status} {Detail}", url, (int)response.StatusCode, detail.Trim());
            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or TimeoutRejectedException)
        {
            _logger.LogError("Alert delivery to {Url} failed after {Attempts} attempts: {Problem}", url, _options.Attempts, ex.Message);
            return false;
        }
    }
}
