using System.Globalization;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using Monitor.Agent.Clocks;
using Monitor.Agent.Telemetry;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Delivery;

/// <summary>
/// The collectors this agent delivers to: the primary (Agent:Collector:Address), then the
/// Failover ones in order, one <see cref="CollectorChannel"/> each. A push goes to the current
/// collector; when that one is unreachable (Unavailable, deadline, circuit open, transport
/// error) the same push goes to the next, and the one that takes it becomes current. Once
/// PreferPrimaryAfter has passed since the primary last failed, the next push tries the primary
/// first again. Sending a revision to another collector is safe: its idempotency key makes a
/// second copy a no-op. A collector that answers with a refusal (Unauthenticated,
/// ResourceExhausted, InvalidArgument ...) was reached: its answer goes to the delivery worker,
/// not to the next collector. One caller at a time (the delivery worker).
/// </summary>
public sealed class CollectorClient : IDisposable
{
    private static readonly TimeSpan CertificateWarning = TimeSpan.FromDays(30);

    private readonly IReadOnlyList<CollectorChannel> _collectors;
    private readonly bool _presentsCertificate;
    private readonly TimeSpan _preferPrimaryAfter;
    private readonly TimeProvider _wallClock;
    private readonly ILogger _logger;
    private readonly AgentMetrics _metrics;
    private volatile int _current;
    private DateTimeOffset _primaryFailedAt;

    /// <summary>Creates one channel per configured collector.</summary>
    /// <param name="options">Agent:Collector; its Address must be set.</param>
    /// <param name="credentials">What the agent presents and trusts.</param>
    /// <param name="wallClock">Real time (a fake one in tests).</param>
    /// <param name="metrics">Where the current collector and the switches are shown.</param>
    /// <param name="logger">Where failover is reported.</param>
    public CollectorClient(CollectorEndpointOptions options, CollectorCredentials credentials, WallClock wallClock, AgentMetrics metrics, ILogger<CollectorClient> logger)
    {
        if (options.Addresses.Count == 0)
        {
            throw new ArgumentException("Agent:Collector:Address is empty: there is no collector to deliver to", nameof(options));
        }

        _wallClock = wallClock.Time;
        _logger = logger;
        _metrics = metrics;
        _preferPrimaryAfter = options.PreferPrimaryAfter;
        _presentsCertificate = credentials.ClientCertificate is not null;
        _collectors = [.. options.Addresses.Select(address => new CollectorChannel(address, options, credentials, _wallClock, logger))];
        foreach (var collector in _collectors)
        {
            _metrics.CollectorCurrent.WithLabels(collector.Address).Set(collector == _collectors[0] ? 1 : 0);
        }

        foreach (var warning in credentials.Warnings)
        {
            logger.LogWarning("{Warning}", warning);
        }

        logger.LogInformation("Delivering to collector {Primary}{Failover}; {Credentials}",
            options.Address,
            options.Failover.Count > 0 ? $", failover {string.Join(", ", options.Failover)}" : "",
            credentials);
        WarnIfCertificateEnds(credentials, options.CertificatePath);
        ShowCertificateEnds(credentials);
    }

    /// <summary>The address of the collector pushes go to now.</summary>
    public string Current => _collectors[_current].Address;

    /// <summary>Every configured collector, the primary first.</summary>
    public IReadOnlyList<string> Addresses => [.. _collectors.Select(c => c.Address)];

    /// <summary>
    /// Pushes one request to the current collector, or to the next ones while they are
    /// unreachable; each is tried at most once. Throws <see cref="CollectorUnreachableException"/>
    /// when none could be reached, or the <see cref="RpcException"/> of a collector that refused.
    /// </summary>
    public async Task<PushRevisionsReply> PushAsync(PushRevisionsRequest request, CancellationToken cancellationToken)
    {
        var first = FirstToTry();
        var reasons = new List<string>();
        Exception? last = null;
        for (var tried = 0; tried < _collectors.Count; tried++)
        {
            var index = (first + tried) % _collectors.Count;
            var collector = _collectors[index];
            try
            {
                var reply = await collector.PushAsync(request, cancellationToken);
                Use(index);
                return reply;
            }
            catch (Exception e) when (PushResilience.IsUnreachable(e) && !cancellationToken.IsCancellationRequested)
            {
                last = e;
                var reason = Describe(e);
                reasons.Add($"{collector.Address}: {reason}");
                if (index == 0)
                {
                    _primaryFailedAt = _wallClock.GetUtcNow();
                }

                if (tried + 1 < _collectors.Count)
                {
                    _logger.LogWarning("Collector {Collector} unreachable ({Reason}); trying {Next}",
                        collector.Address, reason, _collectors[(index + 1) % _collectors.Count].Address);
                }
            }
            catch (RpcException) when (!cancellationToken.IsCancellationRequested)
            {
                // It answered: it is the one the agent talks to, whatever it said.
                Use(index);
                throw;
            }
        }

        throw new CollectorUnreachableException(
            (_collectors.Count == 1 ? "collector unreachable: " : "no collector reachable: ") + string.Join("; ", reasons), last!);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var collector in _collectors)
        {
            collector.Dispose();
        }
    }

    private string Describe(Exception e)
    {
        var reason = PushResilience.Describe(e);

        // With TLS 1.3 the client's handshake is over before the collector checks its certificate;
        // a refusal only shows as a connection that ends.
        return _presentsCertificate && reason.Contains("did not complete the HTTP/2 handshake", StringComparison.Ordinal)
            ? reason + " (the collector may have refused this agent's certificate: it must be signed by the CA of the collector's Collector:Tls:ClientCaPath)"
            : reason;
    }

    private int FirstToTry()
    {
        if (_current == 0 || _wallClock.GetUtcNow() - _primaryFailedAt < _preferPrimaryAfter)
        {
            return _current;
        }

        _logger.LogInformation("Trying the primary collector {Primary} again ({PreferPrimaryAfter} since it failed)",
            _collectors[0].Address, _preferPrimaryAfter);
        return 0;
    }

    private void Use(int index)
    {
        var previous = _current;
        if (index == previous)
        {
            return;
        }

        _current = index;
        _metrics.CollectorCurrent.WithLabels(_collectors[previous].Address).Set(0);
        _metrics.CollectorCurrent.WithLabels(_collectors[index].Address).Set(1);
        _metrics.CollectorSwitches.WithLabels(_collectors[index].Address).Inc();
        if (index == 0)
        {
            _logger.LogWarning("Delivering to the primary collector {Primary} again (was {Previous})",
                _collectors[0].Address, _collectors[previous].Address);
        }
        else
        {
            _logger.LogWarning("Delivering to collector {Collector} now (was {Previous}); the primary {Primary} is tried again after {PreferPrimaryAfter}",
                _collectors[index].Address, _collectors[previous].Address, _collectors[0].Address, _preferPrimaryAfter);
        }
    }

    // For the alert that warns 14 days ahead (deploy/prometheus/monitor-alerts.yml); the files are read once, at start.
    private void ShowCertificateEnds(CollectorCredentials credentials)
    {
        if (credentials.ClientCertificate is { } certificate)
        {
            _metrics.CertificateExpiry.WithLabels("client").Set(UnixSeconds(certificate.NotAfter));
        }

        if (credentials.TrustedRoots.Count > 0)
        {
            _metrics.CertificateExpiry.WithLabels("ca").Set(credentials.TrustedRoots.Min(root => UnixSeconds(root.NotAfter)));
        }
    }

    private static long UnixSeconds(DateTime notAfter) => new DateTimeOffset(notAfter.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeSeconds();

    private void WarnIfCertificateEnds(CollectorCredentials credentials, string path)
    {
        if (credentials.ClientCertificate is not { } certificate)
        {
            return;
        }

        var notAfter = new DateTimeOffset(certificate.NotAfter.ToUniversalTime(), TimeSpan.Zero);
        if (notAfter - _wallClock.GetUtcNow() < CertificateWarning)
        {
            _logger.LogWarning("The agent's client certificate {Path} ({Subject}) is valid until {NotAfter}: the collector refuses it after that; make a new one (deploy/make-certs.sh)",
                path, certificate.Subject, notAfter.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture));
        }
    }
}
