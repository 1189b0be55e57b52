using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Monitor.Agent.Clocks;
using Monitor.Agent.Delivery;
using Monitor.Agent.Telemetry;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// monitor_agent_certificate_expiry_timestamp_seconds: when the agent's client certificate and
/// its site CA end, as openssl reads them from certificates deploy/make-certs.sh made for 10 days.
/// </summary>
public sealed class CertificateExpiryTests(SiteCertificates certificates) : IClassFixture<SiteCertificates>
{
    private const string Metric = "monitor_agent_certificate_expiry_timestamp_seconds";

    [Fact]
    public async Task ClientAndCaCertificates_AreExportedAtTheirNotAfter()
    {
        var site = certificates.Scratch("ten-days");
        SiteCertificates.MakeCerts(site, "--days", "10", "mail01.cty:cty");
        var options = new CollectorEndpointOptions
        {
            Address = "https://localhost:50051",
            CaPath = Path.Combine(site, "ca.pem"),
            CertificatePath = Path.Combine(site, "agents", "mail01.cty.pem"),
            KeyPath = Path.Combine(site, "agents", "mail01.cty.key"),
        };
        using var metrics = new AgentMetrics();
        using var credentials = CollectorCredentials.Load(options);

        _ = new CollectorClient(options, credentials, new WallClock(TimeProvider.System), metrics, NullLogger<CollectorClient>.Instance);

        var exported = await ExportedAsync(metrics);
        var client = exported[$"{Metric}{{certificate=\"client\"}}"];
        var ca = exported[$"{Metric}{{certificate=\"ca\"}}"];
        Assert.Equal(OpensslCertificate.NotAfter(options.CertificatePath), client);
        Assert.Equal(OpensslCertificate.NotAfter(options.CaPath), ca);
        // make-certs.sh gives the CA twice the days of the certificates it signs.
        Assert.InRange(client - DateTimeOffset.UtcNow.ToUnixTimeSeconds(), TimeSpan.FromDays(10).TotalSeconds - 600, TimeSpan.FromDays(10).TotalSeconds + 600);
        Assert.InRange(ca - client, TimeSpan.FromDays(10).TotalSeconds - 600, TimeSpan.FromDays(10).TotalSeconds + 600);
    }

    [Fact]
    public async Task WithoutCertificates_NothingIsExported()
    {
        var options = new CollectorEndpointOptions { Address = "http://localhost:50051" };
        using var metrics = new AgentMetrics();
        using var credentials = CollectorCredentials.Load(options);

        _ = new CollectorClient(options, credentials, new WallClock(TimeProvider.System), metrics, NullLogger<CollectorClient>.Instance);

        Assert.DoesNotContain((await ExportedAsync(metrics)).Keys, k => k.StartsWith(Metric, StringComparison.Ordinal));
    }

    private static async Task<Dictionary<string, double>> ExportedAsync(AgentMetrics metrics)
    {
        using var text = new MemoryStream();
        await metrics.Registry.CollectAndExportAsTextAsync(text);
        return System.Text.Encoding.UTF8.GetString(text.ToArray()).Split('\n')
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Split(' '))
            .ToDictionary(w => w[0], w => double.Parse(w[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
    }
}
