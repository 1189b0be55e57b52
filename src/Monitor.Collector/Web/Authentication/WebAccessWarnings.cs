using Monitor.Collector.Configuration;

namespace Monitor.Collector.Web.Authentication;

/// <summary>What is open to whom, said once at start when it deserves a second look.</summary>
internal static class WebAccessWarnings
{
    /// <summary>Logs each warning that applies to <paramref name="options"/>.</summary>
    public static void Log(ILogger log, CollectorOptions options, WebCredentials credentials, WebAccess access)
    {
        var listen = options.HttpListen.OriginalString;
        if (credentials.IsEmpty && access.Anonymous == WebRole.None)
        {
            log.LogWarning(
                "Collector:Web has no Users and no Tokens: the web pages and the API answer 401 to everyone on {HttpListen} until one is configured (agents can still push)",
                listen);
        }

        if (access.Anonymous == WebRole.ReadOnly)
        {
            log.LogWarning(
                "Collector:Web:Anonymous = read-only: anyone who reaches {HttpListen} reads incidents, reports and the API without signing in; keep this to a closed lab network",
                listen);
        }
        else if (access.Anonymous == WebRole.OnCall)
        {
            log.LogWarning(
                "Collector:Web:Anonymous = on-call: anyone who reaches {HttpListen} reads everything and acknowledges, resolves and adds notes under any name they type; keep this to a closed lab network",
                listen);
        }

        if (access.AnonymousMetrics)
        {
            log.LogInformation("Collector:Web:AnonymousMetrics: /metrics on {HttpListen} is open to anyone", listen);
        }

        if (!credentials.IsEmpty && options.HttpListen.Scheme == Uri.UriSchemeHttp && !options.PublicUrl.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            log.LogWarning(
                "Collector:Web has {Users} user(s) signing in with HTTP Basic and {Tokens} token(s) on plain {HttpListen}: passwords and tokens travel unencrypted. "
                + "Use an https:// Collector:HttpListen (with Collector:Tls), or a TLS proxy in front with Collector:PublicUrl set to its https:// address",
                credentials.UserCount,
                credentials.TokenCount,
                listen);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        foreach (var credential in credentials.All)
        {
            if ((File.GetUnixFileMode(credential.File) & (UnixFileMode.OtherRead | UnixFileMode.GroupRead)) != 0)
            {
                log.LogWarning("{Key} ({File}) can be read by other users of this machine; expected chmod 600, owned by the collector's user", credential.Key, credential.File);
            }
        }
    }
}
