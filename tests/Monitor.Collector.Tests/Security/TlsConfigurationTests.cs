using Monitor.Collector.Configuration;

namespace Monitor.Collector.Tests.Security;

/// <summary>Collector:Tls and the agents' token files, checked at start with messages naming the key and the file.</summary>
public sealed class TlsConfigurationTests : IClassFixture<SiteCertificates>, IDisposable
{
    private const string Secret = "d1e2a3d4b5e6e7f8a9b0c1d2e3f4a5b6";

    private readonly SiteCertificates _certificates;
    private readonly TemporaryDirectory _directory = new();
    private readonly CollectorOptionsValidator _validator = new();

    public TlsConfigurationTests(SiteCertificates certificates)
    {
        _certificates = certificates;
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validate_MutualTlsWithTheFilesOfMakeCerts_Succeeds()
    {
        Assert.Empty(Failures(MutualTls()));
    }

    [Fact]
    public void Validate_HttpsListenWithoutCertificate_NamesBothKeys()
    {
        var failure = Assert.Single(Failures(new CollectorOptions { Listen = new Uri("https://127.0.0.1:50051") }));

        Assert.Equal(
            "Collector:Listen = 'https://127.0.0.1:50051' is https but Collector:Tls:CertificatePath and KeyPath are empty; expected the collector's certificate and key, e.g. from deploy/make-certs.sh",
            failure);
    }

    [Fact]
    public void Validate_CertificateFileMissing_NamesKeyAndFile()
    {
        var options = MutualTls();
        options.Tls.CertificatePath = _directory.File("nowhere.pem");

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith($"Collector:Tls:CertificatePath = '{_directory.File("nowhere.pem")}': no such file", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyFileThatIsNotAKey_NamesKeyAndFileButNotItsContent()
    {
        var path = _directory.File("collector.key");
        File.WriteAllText(path, "-----BEGIN PRIVATE KEY-----\n" + Secret + "\n-----END PRIVATE KEY-----\n");
        var options = MutualTls();
        options.Tls.KeyPath = path;

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith($"Collector:Tls:KeyPath = '{path}' is not the private key of Collector:Tls:CertificatePath", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyFileWithoutPem_SaysSo()
    {
        var path = _directory.File("collector.key");
        File.WriteAllText(path, Secret);
        var options = MutualTls();
        options.Tls.KeyPath = path;

        Assert.Equal(
            $"Collector:Tls:KeyPath = '{path}' holds no PEM private key (-----BEGIN PRIVATE KEY-----); expected the key of Collector:Tls:CertificatePath",
            Assert.Single(Failures(options)));
    }

    [Fact]
    public void Validate_KeyOfAnotherCertificate_IsAMismatch()
    {
        var options = MutualTls();
        options.Tls.KeyPath = Path.Combine(_certificates.Site, "agents", "mail01.cty.key");

        Assert.StartsWith(
            $"Collector:Tls:KeyPath = '{options.Tls.KeyPath}' is not the private key of Collector:Tls:CertificatePath = '{_certificates.CollectorCertificatePath}'",
            Assert.Single(Failures(options)),
            StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientCaWithHttpListen_IsRefused()
    {
        var options = MutualTls();
        options.Listen = new Uri("http://127.0.0.1:50051");
        options.HttpListen = new Uri("https://127.0.0.1:8443");

        Assert.Equal(
            "Collector:Tls:ClientCaPath is set but Collector:Listen = 'http://127.0.0.1:50051' is not https://; agents present client certificates only over TLS",
            Assert.Single(Failures(options)));
    }

    [Fact]
    public void Validate_ClientCaThatIsAnAgentCertificate_IsNotACa()
    {
        var options = MutualTls();
        options.Tls.ClientCaPath = Path.Combine(_certificates.Site, "agents", "mail01.cty.pem");

        Assert.Contains("which is not a CA certificate", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CertificateWithNothingHttps_AsksForHttps()
    {
        var options = MutualTls();
        options.Tls.ClientCaPath = "";
        options.Listen = new Uri("http://127.0.0.1:50051");

        Assert.StartsWith("Collector:Tls:CertificatePath is set but neither Collector:Listen nor HttpListen is an https:// address", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenWithHttpListen_IsRefused()
    {
        var options = new CollectorOptions();
        options.Agents["mail05.cty"] = new KnownAgentOptions { TokenFile = TokenFile("mail05.token", Secret) };

        Assert.StartsWith("Collector:Agents:mail05.cty:TokenFile is set but Collector:Listen = 'http://127.0.0.1:50051' is not https://", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ShortToken_GivesLengthNotContent()
    {
        var options = MutualTls();
        options.Agents["mail05.cty"] = new KnownAgentOptions { TokenFile = TokenFile("mail05.token", "hunter2") };

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith($"Collector:Agents:mail05.cty:TokenFile = '{options.Agents["mail05.cty"].TokenFile}' holds a token of 7 characters; expected at least 16", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TwoAgentsWithOneToken_NamesBothKeys()
    {
        var options = MutualTls();
        options.Agents["mail05.cty"] = new KnownAgentOptions { TokenFile = TokenFile("mail05.token", Secret) };
        options.Agents["mail06.cty"] = new KnownAgentOptions { TokenFile = TokenFile("mail06.token", " " + Secret + "\n") };

        var failure = Assert.Single(Failures(options));

        Assert.StartsWith($"Collector:Agents:mail06.cty:TokenFile = '{_directory.File("mail06.token")}' holds the same token as Collector:Agents:mail05.cty:TokenFile", failure, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenFileMissing_NamesKeyAndFile()
    {
        var options = MutualTls();
        options.Agents["mail05.cty"] = new KnownAgentOptions { TokenFile = _directory.File("missing.token") };

        Assert.StartsWith($"Collector:Agents:mail05.cty:TokenFile = '{_directory.File("missing.token")}': no such file", Assert.Single(Failures(options)), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_HttpsWithoutCertificate_StopsBeforeListening()
    {
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(
        [
            $"--Collector:DatabasePath={_directory.File("collector.db")}",
            $"--Collector:ReportDirectory={_directory.File("reports")}",
            "--Collector:Listen=https://127.0.0.1:0",
            "--Collector:HttpListen=http://127.0.0.1:0",
        ]));

        Assert.StartsWith("Collector:Listen = 'https://127.0.0.1:0' is https but Collector:Tls:CertificatePath and KeyPath are empty", error.Message, StringComparison.Ordinal);
    }

    private CollectorOptions MutualTls() => new()
    {
        Listen = new Uri("https://127.0.0.1:50051"),
        Tls = new TlsOptions
        {
            CertificatePath = _certificates.CollectorCertificatePath,
            KeyPath = _certificates.CollectorKeyPath,
            ClientCaPath = _certificates.CaPath,
        },
    };

    private string TokenFile(string name, string content)
    {
        File.WriteAllText(_directory.File(name), content);
        return _directory.File(name);
    }

    private IEnumerable<string> Failures(CollectorOptions options) => _validator.Validate(null, options).Failures ?? [];
}
