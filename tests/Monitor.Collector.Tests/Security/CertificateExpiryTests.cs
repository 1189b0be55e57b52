using System.Globalization;
using System.Text.RegularExpressions;

namespace Monitor.Collector.Tests.Security;

/// <summary>
/// monitor_collector_certificate_expiry_timestamp_seconds: when the collector's server
/// certificate and the agents' CA end, as openssl reads them from deploy/make-certs.sh's files.
/// </summary>
public sealed partial class CertificateExpiryTests(SiteCertificates certificates) : IClassFixture<SiteCertificates>
{
    [Fact]
    public async Task TlsCollector_ExportsWhenItsServerCertificateAndClientCaEnd()
    {
        await using var collector = await RunningCollector.StartAsync(certificates.MutualTls);

        var exported = Expiry(await collector.Http.GetStringAsync("/metrics"));

        Assert.Equal(OpensslCertificate.NotAfter(certificates.CollectorCertificatePath), exported["server"]);
        Assert.Equal(OpensslCertificate.NotAfter(certificates.CaPath), exported["client_ca"]);
        Assert.Equal(2, exported.Count);
    }

    [Fact]
    public async Task PlainCollector_ExportsNoCertificate()
    {
        await using var collector = await RunningCollector.StartAsync();

        Assert.Empty(Expiry(await collector.Http.GetStringAsync("/metrics")));
    }

    private static Dictionary<string, double> Expiry(string metrics) =>
        ExpiryLine().Matches(metrics).ToDictionary(m => m.Groups[1].Value, m => double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    [GeneratedRegex(@"^monitor_collector_certificate_expiry_timestamp_seconds\{certificate=""([a-z_]+)""\} (\S+)$", RegexOptions.Multiline)]
    private static partial Regex ExpiryLine();
}
