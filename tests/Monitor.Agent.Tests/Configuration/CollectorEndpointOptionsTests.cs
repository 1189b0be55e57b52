using Monitor.Agent.Delivery;
using Monitor.Agent.Tests.Delivery;

namespace Monitor.Agent.Tests.Configuration;

/// <summary>
/// Agent:Collector is checked at start, files included: every message names the key and the
/// file, and never what a secret file holds.
/// </summary>
public sealed class CollectorEndpointOptionsTests(SiteCertificates certificates) : IClassFixture<SiteCertificates>
{
    private const string Remote = "https://collector1.example:50051";

    private static List<string> Problems(CollectorEndpointOptions options) => [.. options.Validate("Agent:Collector")];

    private CollectorEndpointOptions MutualTls() => new()
    {
        Address = Remote,
        CaPath = certificates.CaPem,
        CertificatePath = certificates.AgentPem,
        KeyPath = certificates.AgentKey,
    };

    private string TokenFile(string content)
    {
        var path = Path.Combine(certificates.Scratch("token"), "agent.token");
        File.WriteAllText(path, content);
        return path;
    }

    [Fact]
    public void Validate_MutualTlsWithCertificatesFromMakeCerts_HasNoProblem()
    {
        Assert.Empty(Problems(MutualTls()));
    }

    [Fact]
    public void Validate_HttpsWithoutCaPath_IsAllowed_TheSystemRootsAreTrusted()
    {
        Assert.Empty(Problems(new CollectorEndpointOptions { Address = Remote }));
    }

    [Fact]
    public void Validate_CertificateWithoutKey_AsksForTheKeyOfThatCertificate()
    {
        var options = MutualTls();
        options.KeyPath = "";

        var problem = Assert.Single(Problems(options));

        Assert.Equal($"Agent:Collector:KeyPath = '' is not valid: expected the private key file of Agent:Collector:CertificatePath '{certificates.AgentPem}'", problem);
    }

    [Fact]
    public void Validate_KeyWithoutCertificate_AsksForTheCertificate()
    {
        var options = MutualTls();
        options.CertificatePath = "";

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith("Agent:Collector:CertificatePath = '' is not valid: expected the certificate file", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CaPath")]
    [InlineData("CertificatePath")]
    [InlineData("KeyPath")]
    [InlineData("TokenFile")]
    public void Validate_MissingFile_NamesTheKeyAndTheFile(string key)
    {
        var options = MutualTls();
        var missing = Path.Combine(certificates.Scratch("missing"), "nothing-here.pem");
        typeof(CollectorEndpointOptions).GetProperty(key)!.SetValue(options, missing);

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith($"Agent:Collector:{key} = '{missing}': file not found (expected ", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FolderWhereAFileBelongs_SaysItCannotBeUsed()
    {
        var options = MutualTls();
        options.CaPath = certificates.Site;

        var problem = Assert.Single(Problems(options));

        Assert.Equal($"Agent:Collector:CaPath = '{certificates.Site}' is a folder (expected the PEM certificate of the site CA)", problem);
    }

    [Fact]
    public void Validate_CaFileWithoutCertificate_SaysSo()
    {
        var options = MutualTls();
        options.CaPath = TokenFile("not a certificate\n");

        var problem = Assert.Single(Problems(options));

        Assert.Contains($"Agent:Collector:CaPath = '{options.CaPath}' holds no PEM certificate", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_CollectorsCertificateAsClientCertificate_SaysItLacksClientAuth()
    {
        var options = MutualTls();
        options.CertificatePath = certificates.CollectorPem;
        options.KeyPath = certificates.CollectorKey;

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith($"Agent:Collector:CertificatePath = '{certificates.CollectorPem}' is not a client certificate", problem, StringComparison.Ordinal);
        Assert.Contains("lacks clientAuth (1.3.6.1.5.5.7.3.2)", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_KeyOfAnotherCertificate_SaysTheyCannotBeLoadedTogether()
    {
        var options = MutualTls();
        options.KeyPath = certificates.OtherAgentKey;

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith($"Agent:Collector:CertificatePath = '{certificates.AgentPem}' with Agent:Collector:KeyPath = '{certificates.OtherAgentKey}' cannot be loaded", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("PRIVATE KEY", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenOverHttpToAnotherHost_IsRefusedAsCleartext()
    {
        var options = new CollectorEndpointOptions { Address = "http://collector1.example:50051", TokenFile = TokenFile("secret-token") };

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith("Agent:Collector:Address = 'http://collector1.example:50051' is not valid: expected an https:// address", problem, StringComparison.Ordinal);
        Assert.Contains("cleartext", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_TokenOverHttpToAFailoverCollector_NamesThatCollector()
    {
        var options = new CollectorEndpointOptions { Address = Remote, Failover = ["http://collector2.example:50051"], TokenFile = TokenFile("secret-token") };

        var problem = Assert.Single(Problems(options));

        Assert.StartsWith("Agent:Collector:Failover:0 = 'http://collector2.example:50051' is not valid", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:50051")]
    [InlineData("http://localhost:50051")]
    [InlineData("http://[::1]:50051")]
    public void Validate_TokenOverHttpToLoopback_IsAllowed(string address)
    {
        Assert.Empty(Problems(new CollectorEndpointOptions { Address = address, TokenFile = TokenFile("secret-token") }));
    }

    [Fact]
    public void Validate_ClientCertificateOverHttp_IsRefused_ItWouldNeverBePresented()
    {
        var options = MutualTls();
        options.Address = "http://127.0.0.1:50051";

        var problem = Assert.Single(Problems(options));

        Assert.Contains("a client certificate (Agent:Collector:CertificatePath) is only presented over TLS", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("two words-of-secret", "holds characters a token cannot have")]
    [InlineData("line-one\nline-two-secret", "holds characters a token cannot have")]
    public void Validate_UnusableToken_SaysWhatIsWrongWithoutQuotingIt(string content, string expected)
    {
        var path = TokenFile(content);

        var problem = Assert.Single(Problems(new CollectorEndpointOptions { Address = Remote, TokenFile = path }));

        Assert.StartsWith($"Agent:Collector:TokenFile = '{path}' {expected}", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_FailoverWithoutAddress_AsksForThePrimary()
    {
        var problem = Assert.Single(Problems(new CollectorEndpointOptions { Failover = [Remote] }));

        Assert.Equal("Agent:Collector:Address = '' is not valid: expected the primary collector's address when Failover lists others", problem);
    }

    [Fact]
    public void Validate_FailoverThatIsNotAnAddress_NamesItsIndex()
    {
        var problem = Assert.Single(Problems(new CollectorEndpointOptions { Address = Remote, Failover = ["https://collector2:50051", "collector3:50051"] }));

        Assert.StartsWith("Agent:Collector:Failover:1 = 'collector3:50051' is not valid: expected an absolute http:// or https:// URI", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SameCollectorTwice_SaysWhereItIsAlreadyListed()
    {
        var problem = Assert.Single(Problems(new CollectorEndpointOptions { Address = Remote, Failover = [Remote] }));

        Assert.Equal($"Agent:Collector:Failover:0 = '{Remote}' is not valid: expected a collector not already listed (it is Address)", problem);
    }

    [Theory]
    [InlineData(1024)]
    [InlineData(512 * 1024 * 1024)]
    public void Validate_MaxMessageBytesOutOfRange_GivesTheRange(int bytes)
    {
        var problem = Assert.Single(Problems(new CollectorEndpointOptions { Address = Remote, MaxMessageBytes = bytes }));

        Assert.StartsWith($"Agent:Collector:MaxMessageBytes = '{bytes}' is not valid: expected from 65536 to 268435456 bytes", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PreferPrimaryAfterOfZero_GivesTheRange()
    {
        var problem = Assert.Single(Problems(new CollectorEndpointOptions { Address = Remote, PreferPrimaryAfter = TimeSpan.Zero }));

        Assert.Equal("Agent:Collector:PreferPrimaryAfter = '00:00:00' is not valid: expected a time span between 00:00:01 and 1.00:00:00", problem);
    }
}
