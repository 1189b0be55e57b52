using Grpc.Core;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingest;
using Monitor.Collector.Tests.Security;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Ingest;

/// <summary>Who is pushing and what they may push, decided without a server (certificates from deploy/make-certs.sh).</summary>
public sealed class AgentAuthenticatorTests : IClassFixture<SiteCertificates>, IDisposable
{
    private const string Token = "7f3e9a1c5b2d4e6f8a0b1c2d3e4f5a6b";

    private readonly SiteCertificates _certificates;
    private readonly TemporaryDirectory _directory = new();

    public AgentAuthenticatorTests(SiteCertificates certificates)
    {
        _certificates = certificates;
        File.WriteAllText(_directory.File("mail05.token"), "  " + Token + "\n");
    }

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void TryAuthenticate_NothingConfigured_IsOpenAndTakesTheAgentsWord()
    {
        var authenticator = new AgentAuthenticator(new CollectorOptions(), AgentTokens.None);

        Assert.True(authenticator.TryAuthenticate(null, null, out var credential, out _));
        Assert.True(authenticator.TryAuthorize(credential, Agent("mail01.cty", "cty"), out var admitted, out _));

        Assert.True(authenticator.IsOpen);
        Assert.Equal(("mail01.cty", "cty"), (admitted.AgentId, admitted.Site));
    }

    [Fact]
    public void TryAuthenticate_Certificate_GivesCnAndOu()
    {
        var authenticator = Certificates();

        Assert.True(authenticator.TryAuthenticate(_certificates.Agent("mail03.osk"), null, out var credential, out _));

        Assert.Equal((AgentCredentialKind.Certificate, "mail03.osk", "osaka"), (credential.Kind, credential.AgentId, credential.Site));
        Assert.False(authenticator.IsOpen);
    }

    [Fact]
    public void TryAuthenticate_NoCertificateWhileCertificatesAreRequired_IsUnauthenticated()
    {
        Assert.False(Certificates().TryAuthenticate(null, null, out _, out var refusal));

        Assert.Equal(StatusCode.Unauthenticated, refusal.Status);
        Assert.Equal("no client certificate and no bearer token; this collector accepts a client certificate from the CA of Collector:Tls:ClientCaPath", refusal.Problem);
    }

    [Fact]
    public void TryAuthenticate_TokenWhereNoAgentHasOne_IsUnauthenticated()
    {
        Assert.False(Certificates().TryAuthenticate(null, "Bearer " + Token, out _, out var refusal));

        Assert.Equal(StatusCode.Unauthenticated, refusal.Status);
        Assert.StartsWith("a bearer token came without a client certificate, but no agent has a token here", refusal.Problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Bearer " + Token)]
    [InlineData("bearer " + Token)]
    [InlineData("Bearer  " + Token + " ")]
    public void TryAuthenticate_TokenOfTheFile_NamesItsAgent(string authorization)
    {
        Assert.True(Tokens().TryAuthenticate(null, authorization, out var credential, out _));

        Assert.Equal((AgentCredentialKind.Token, "mail05.cty"), (credential.Kind, credential.AgentId));
    }

    [Theory]
    [InlineData("Basic " + Token, "the authorization header is not 'Bearer <token>'")]
    [InlineData("Bearer " + Token + "x", "the bearer token is not the token of any agent")]
    [InlineData("Bearer ", "the bearer token is not the token of any agent")]
    public void TryAuthenticate_NotTheToken_IsUnauthenticatedWithoutQuotingIt(string authorization, string expected)
    {
        Assert.False(Tokens().TryAuthenticate(null, authorization, out _, out var refusal));

        Assert.Equal(StatusCode.Unauthenticated, refusal.Status);
        Assert.StartsWith(expected, refusal.Problem, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, refusal.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void TryAuthorize_TokenAgentWithoutSite_TakesTheAgentsSite()
    {
        var options = TokenOptions();
        options.Agents["mail05.cty"].Site = "";
        var authenticator = new AgentAuthenticator(options, AgentTokens.Read(options.Agents));
        authenticator.TryAuthenticate(null, "Bearer " + Token, out var credential, out _);

        Assert.True(authenticator.TryAuthorize(credential!, Agent("mail05.cty", "cty"), out var admitted, out _));

        Assert.Equal("cty", admitted.Site);
    }

    [Fact]
    public void TryAuthorize_CertificateWithoutOu_TakesTheConfiguredSite()
    {
        // The collector's own certificate has a CN and no OU: as good as any for reading a subject.
        var options = CertificateOptions();
        options.Agents["127.0.0.1"] = new KnownAgentOptions { Site = "cty" };
        var authenticator = new AgentAuthenticator(options, AgentTokens.None);
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(_certificates.CollectorCertificatePath, _certificates.CollectorKeyPath);
        authenticator.TryAuthenticate(certificate, null, out var credential, out _);

        Assert.True(authenticator.TryAuthorize(credential!, Agent("127.0.0.1", ""), out var admitted, out _));

        Assert.Equal("cty", admitted.Site);
    }

    [Fact]
    public void TryAuthorize_CertificateWithoutOuNorConfiguredSite_IsDenied()
    {
        var authenticator = Certificates();
        using var certificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPemFile(_certificates.CollectorCertificatePath, _certificates.CollectorKeyPath);
        authenticator.TryAuthenticate(certificate, null, out var credential, out _);

        Assert.False(authenticator.TryAuthorize(credential!, Agent("127.0.0.1", ""), out _, out var refusal));

        Assert.Equal(StatusCode.PermissionDenied, refusal.Status);
        Assert.Equal("agent '127.0.0.1': its client certificate names no site (OU) and Collector:Agents:127.0.0.1:Site is empty; expected one of them", refusal.Problem);
    }

    [Fact]
    public void TryAuthorize_AdmittedIdentity_IsACopy()
    {
        var authenticator = Certificates();
        var claimed = Agent("mail01.cty", "");
        authenticator.TryAuthenticate(_certificates.Agent("mail01.cty"), null, out var credential, out _);

        authenticator.TryAuthorize(credential!, claimed, out var admitted, out _);

        Assert.Equal(("cty", ""), (admitted!.Site, claimed.Site));
    }

    private static AgentIdentity Agent(string id, string site) => new() { AgentId = id, Host = id.Split('.')[0], Site = site };

    private AgentAuthenticator Certificates() => new(CertificateOptions(), AgentTokens.None);

    private AgentAuthenticator Tokens()
    {
        var options = TokenOptions();
        return new AgentAuthenticator(options, AgentTokens.Read(options.Agents));
    }

    private CollectorOptions CertificateOptions() => new() { Tls = new TlsOptions { ClientCaPath = _certificates.CaPath } };

    private CollectorOptions TokenOptions()
    {
        var options = new CollectorOptions();
        options.Agents["mail05.cty"] = new KnownAgentOptions { Site = "cty", TokenFile = _directory.File("mail05.token") };
        return options;
    }
}
