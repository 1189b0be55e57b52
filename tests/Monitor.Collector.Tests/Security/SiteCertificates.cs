using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;

namespace Monitor.Collector.Tests.Security;

/// <summary>
/// Certificates made by <c>deploy/make-certs.sh</c>, once per test class: the site's CA with the
/// collector's certificate and agents mail01.cty and mail02.cty (site cty) and mail03.osk (site
/// osaka), and another CA with its own mail01.cty, as a stranger would make them.
/// </summary>
public sealed class SiteCertificates : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public SiteCertificates()
    {
        Make(Site, "mail01.cty:cty", "mail02.cty:cty", "mail03.osk:osaka");
        Make(OtherCa, "mail01.cty:cty");
    }

    /// <summary>The site's directory: ca.pem, collector.pem/.key, agents/.</summary>
    public string Site => _directory.File("site");

    /// <summary>Another CA's directory, with the same layout.</summary>
    public string OtherCa => _directory.File("other-ca");

    public string CaPath => Path.Combine(Site, "ca.pem");

    public string CollectorCertificatePath => Path.Combine(Site, "collector.pem");

    public string CollectorKeyPath => Path.Combine(Site, "collector.key");

    public X509Certificate2 Ca => X509CertificateLoader.LoadCertificateFromFile(CaPath);

    /// <summary>Settings for a collector whose gRPC endpoint is TLS asking agents for the site CA's certificates.</summary>
    public string[] MutualTls =>
    [
        "--Collector:Listen=https://127.0.0.1:0",
        $"--Collector:Tls:CertificatePath={CollectorCertificatePath}",
        $"--Collector:Tls:KeyPath={CollectorKeyPath}",
        $"--Collector:Tls:ClientCaPath={CaPath}",
    ];

    /// <summary>An agent's certificate with its key, from the site's CA.</summary>
    public X509Certificate2 Agent(string agentId) => Load(Site, agentId);

    /// <summary>An agent's certificate with its key, from the other CA.</summary>
    public X509Certificate2 Stranger(string agentId) => Load(OtherCa, agentId);

    public void Dispose() => _directory.Dispose();

    private static X509Certificate2 Load(string directory, string agentId) =>
        X509Certificate2.CreateFromPemFile(Path.Combine(directory, "agents", agentId + ".pem"), Path.Combine(directory, "agents", agentId + ".key"));

    private static void Make(string directory, params string[] agents)
    {
        var start = new ProcessStartInfo(Path.Combine(RepositoryPaths.Root, "deploy", "make-certs.sh"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in (string[])["--out", directory, .. agents])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/make-certs.sh exited with {process.ExitCode} (is openssl installed? apt-get install openssl): {error} {output.Result}");
        }
    }
}
