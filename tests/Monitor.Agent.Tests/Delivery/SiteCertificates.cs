using System.Diagnostics;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// Certificates made by deploy/make-certs.sh, as a site would make them: a site CA, the
/// collector's certificate (localhost, 127.0.0.1) and the client certificate of agent
/// mail01.cty; and a second, unrelated CA with its own collector certificate ("another CA").
/// Made once per test class.
/// </summary>
public sealed class SiteCertificates : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public SiteCertificates()
    {
        Site = Path.Combine(_directory.Path, "site");
        Other = Path.Combine(_directory.Path, "other");
        MakeCerts(Site, "mail01.cty:cty");
        MakeCerts(Other, "mail01.cty:cty");
    }

    /// <summary>The site's folder: ca.pem, collector.pem/key, agents/mail01.cty.pem/key.</summary>
    public string Site { get; }

    /// <summary>Another CA's folder, same layout.</summary>
    public string Other { get; }

    public string CaPem => Path.Combine(Site, "ca.pem");

    public string CollectorPem => Path.Combine(Site, "collector.pem");

    public string CollectorKey => Path.Combine(Site, "collector.key");

    public string AgentPem => Path.Combine(Site, "agents", "mail01.cty.pem");

    public string AgentKey => Path.Combine(Site, "agents", "mail01.cty.key");

    public string OtherCollectorPem => Path.Combine(Other, "collector.pem");

    public string OtherCollectorKey => Path.Combine(Other, "collector.key");

    public string OtherAgentPem => Path.Combine(Other, "agents", "mail01.cty.pem");

    public string OtherAgentKey => Path.Combine(Other, "agents", "mail01.cty.key");

    /// <summary>A scratch folder for a test's own files.</summary>
    public string Scratch(string name)
    {
        var path = Path.Combine(_directory.Path, "scratch", name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    public void Dispose() => _directory.Dispose();

    /// <summary>Runs deploy/make-certs.sh --out <paramref name="output"/> with <paramref name="options"/> (agents, --days N...).</summary>
    public static void MakeCerts(string output, params string[] options)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(RepositoryPaths.Root, "deploy", "make-certs.sh"), "--out", output, .. options])
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"deploy/make-certs.sh --out {output} failed ({process.ExitCode}): {stderr.Result}");
        }
    }
}
