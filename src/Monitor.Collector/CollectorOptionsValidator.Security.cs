using System.Globalization;
using Monitor.Collector.Configuration;
using Monitor.Collector.Ingest;
using Monitor.Collector.Security;

namespace Monitor.Collector;

/// <summary>The checks of <c>Collector:Tls</c>, the agents' tokens and <c>Collector:Limits</c>.</summary>
internal sealed partial class CollectorOptionsValidator
{
    /// <summary>Smallest accepted <see cref="LimitsOptions.MaxMessageBytes"/>: 64 KiB.</summary>
    public const int MinMessageBytes = 64 * 1024;

    /// <summary>Largest accepted <see cref="LimitsOptions.MaxMessageBytes"/>: 256 MiB.</summary>
    public const int MaxMessageBytes = 256 * 1024 * 1024;

    /// <summary>Smallest accepted <see cref="LimitsOptions.MaxStringLength"/>: room for a sentence.</summary>
    public const int MinStringLength = 256;

    private static void CheckLimits(List<string> failures, LimitsOptions limits)
    {
        if (limits.MaxMessageBytes is < MinMessageBytes or > MaxMessageBytes)
        {
            failures.Add($"{Key("Limits:MaxMessageBytes")} = '{limits.MaxMessageBytes}' is out of range; expected {MinMessageBytes} to {MaxMessageBytes} bytes");
        }

        if (limits.MaxStringLength < MinStringLength || limits.MaxStringLength > limits.MaxMessageBytes)
        {
            failures.Add($"{Key("Limits:MaxStringLength")} = '{limits.MaxStringLength}' is out of range; expected {MinStringLength} bytes up to Limits:MaxMessageBytes");
        }

        if (limits.MaxRevisionsPerIncident < 1)
        {
            failures.Add($"{Key("Limits:MaxRevisionsPerIncident")} = '{limits.MaxRevisionsPerIncident}' is out of range; expected 1 or more (e.g. 1000)");
        }

        if (!(limits.PushesPerAgentPerSecond > 0) || double.IsInfinity(limits.PushesPerAgentPerSecond))
        {
            failures.Add($"{Key("Limits:PushesPerAgentPerSecond")} = '{limits.PushesPerAgentPerSecond.ToString(CultureInfo.InvariantCulture)}' is not positive; expected pushes per second, e.g. 20 (or 0.5)");
        }

        if (limits.PushBurst < 1)
        {
            failures.Add($"{Key("Limits:PushBurst")} = '{limits.PushBurst}' is out of range; expected 1 or more (e.g. 40)");
        }
    }

    /// <summary>
    /// TLS and the agents' credentials: every https address has a certificate, a client CA and
    /// tokens only over https (a token or identity sent in clear text proves nothing), and every
    /// file can be read now rather than at the first handshake.
    /// </summary>
    private static void CheckAgentAuthentication(List<string> failures, CollectorOptions options)
    {
        var tls = options.Tls;
        var grpcHttps = ListenAddress.IsHttpsUri(options.Listen);
        var webHttps = ListenAddress.IsHttpsUri(options.HttpListen);
        var hasCertificate = !string.IsNullOrWhiteSpace(tls.CertificatePath) || !string.IsNullOrWhiteSpace(tls.KeyPath);
        foreach (var (property, uri, https) in new[] { (nameof(CollectorOptions.Listen), options.Listen, grpcHttps), (nameof(CollectorOptions.HttpListen), options.HttpListen, webHttps) })
        {
            if (https && !hasCertificate)
            {
                failures.Add($"{Key(property)} = '{uri.OriginalString}' is https but {Key("Tls:CertificatePath")} and KeyPath are empty; expected the collector's certificate and key, e.g. from deploy/make-certs.sh");
            }
        }

        if (hasCertificate && !grpcHttps && !webHttps)
        {
            failures.Add($"{Key("Tls:CertificatePath")} is set but neither {Key(nameof(CollectorOptions.Listen))} nor HttpListen is an https:// address; expected https:// where TLS is wanted, or no certificate");
        }

        if (hasCertificate)
        {
            try
            {
                TlsFiles.LoadServerCertificate(Key("Tls:CertificatePath"), tls.CertificatePath, Key("Tls:KeyPath"), tls.KeyPath).Certificate.Dispose();
            }
            catch (CollectorConfigurationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        if (!string.IsNullOrWhiteSpace(tls.ClientCaPath))
        {
            if (!grpcHttps)
            {
                failures.Add($"{Key("Tls:ClientCaPath")} is set but {Key(nameof(CollectorOptions.Listen))} = '{options.Listen?.OriginalString}' is not https://; agents present client certificates only over TLS");
            }

            try
            {
                TlsFiles.LoadCaCertificates(Key("Tls:ClientCaPath"), tls.ClientCaPath);
            }
            catch (CollectorConfigurationException ex)
            {
                failures.Add(ex.Message);
            }
        }

        CheckTokens(failures, options, grpcHttps);
    }

    private static void CheckTokens(List<string> failures, CollectorOptions options, bool grpcHttps)
    {
        var withToken = options.Agents.Where(pair => !string.IsNullOrEmpty(pair.Value.TokenFile)).Select(pair => pair.Key).ToList();
        if (withToken.Count == 0)
        {
            return;
        }

        if (!grpcHttps)
        {
            failures.Add($"{Key($"Agents:{withToken[0]}:TokenFile")} is set but {Key(nameof(CollectorOptions.Listen))} = '{options.Listen?.OriginalString}' is not https://; a token sent in clear text can be read and replayed by anyone on the network");
        }

        try
        {
            AgentTokens.Read(options.Agents);
        }
        catch (CollectorConfigurationException ex)
        {
            failures.Add(ex.Message);
        }
    }
}
