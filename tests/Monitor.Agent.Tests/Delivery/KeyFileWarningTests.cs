using Monitor.Agent.Delivery;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// Issue 13: the agent's private key readable by other users started without a word (the
/// collector already warned for its own). Both ends now make the same check (Contracts.Security.PrivateKeyFile).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFileWarningTests(SiteCertificates certificates) : IClassFixture<SiteCertificates>, IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    public void Load_KeyReadableByOthers_WarnsNamingTheKeyAndTheFile(UnixFileMode mode)
    {
        var key = KeyWith(mode);

        using var credentials = CollectorCredentials.Load(Options(key));

        Assert.Equal($"Agent:Collector:KeyPath ({key}) can be read by other users of this machine; expected chmod 600, owned by the agent's user", Assert.Single(credentials.Warnings));
    }

    [Fact]
    public void Load_KeyReadableByTheAgentAlone_WarnsOfNothing()
    {
        using var credentials = CollectorCredentials.Load(Options(KeyWith(UnixFileMode.UserRead | UnixFileMode.UserWrite)));

        Assert.Empty(credentials.Warnings);
        Assert.NotNull(credentials.ClientCertificate);
    }

    private CollectorEndpointOptions Options(string key) => new()
    {
        Address = "https://collector.cty.example.jp:4317",
        CaPath = certificates.CaPem,
        CertificatePath = certificates.AgentPem,
        KeyPath = key,
    };

    private string KeyWith(UnixFileMode mode)
    {
        var key = _directory.File("agent.key");
        File.Copy(certificates.AgentKey, key, overwrite: true);
        File.SetUnixFileMode(key, mode);
        return key;
    }
}
