using System.Security.Cryptography.X509Certificates;
using Prometheus;

namespace Monitor.Collector.Security;

/// <summary>
/// When the certificates the collector uses end, on /metrics as
/// <c>monitor_collector_certificate_expiry_timestamp_seconds{certificate}</c> (NotAfter in Unix
/// seconds): <c>server</c> (Collector:Tls:CertificatePath) and <c>client_ca</c> (the earliest of
/// Collector:Tls:ClientCaPath), shown once read. deploy/prometheus/monitor-alerts.yml warns 14
/// days ahead; without it the first sign is every agent failing its handshake.
/// </summary>
public sealed class CertificateExpiry
{
    /// <summary>The collector's own certificate.</summary>
    public const string Server = "server";

    /// <summary>The CA that signs the agents' client certificates.</summary>
    public const string ClientCa = "client_ca";

    private readonly Gauge _expiry;

    /// <summary>Creates the gauge in <paramref name="registry"/>; it has no series until a certificate is read.</summary>
    public CertificateExpiry(CollectorRegistry registry)
    {
        _expiry = Metrics.WithCustomRegistry(registry).CreateGauge(
            "monitor_collector_certificate_expiry_timestamp_seconds",
            "When a certificate the collector uses ends (NotAfter, Unix seconds): server (Collector:Tls:CertificatePath), client_ca (the earliest of Collector:Tls:ClientCaPath).",
            "certificate");
    }

    /// <summary>Shows when the earliest of <paramref name="certificates"/> ends, as <paramref name="certificate"/>.</summary>
    public void Show(string certificate, IEnumerable<X509Certificate2> certificates)
    {
        var ends = certificates.Select(c => new DateTimeOffset(c.NotAfter.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeSeconds()).ToList();
        if (ends.Count > 0)
        {
            _expiry.WithLabels(certificate).Set(ends.Min());
        }
    }
}
