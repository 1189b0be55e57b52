namespace Monitor.Agent.Discovery;

/// <summary>What `monitor-agent discover` reads and where it writes.</summary>
internal sealed record DiscoverOptions
{
    /// <summary>Root /sys, /proc and /etc are read under, so a captured tree stands in for the host. Default "/".</summary>
    public string Root { get; init; } = "/";

    /// <summary>The file to write the skeleton to; empty: standard output. An existing file is never overwritten.</summary>
    public string OutputFile { get; init; } = "";

    /// <summary>A saved `multipathd show maps json` to read instead of asking multipathd.</summary>
    public string MultipathFile { get; init; } = "";

    /// <summary>Postfix's config_directory for `postconf -c`; empty: Postfix's own default.</summary>
    public string PostfixConfig { get; init; } = "";

    /// <summary>Dovecot's configuration file for `doveconf -c`; empty: Dovecot's own default.</summary>
    public string DovecotConfig { get; init; } = "";

    /// <summary>The programs asked, by name or path (tests point them elsewhere).</summary>
    public string Multipathd { get; init; } = "multipathd";

    /// <summary>See <see cref="Multipathd"/>.</summary>
    public string Postconf { get; init; } = "postconf";

    /// <summary>See <see cref="Multipathd"/>.</summary>
    public string Doveconf { get; init; } = "doveconf";

    /// <summary>Programs describe the live host: under another root they are asked only when told where their configuration is.</summary>
    public bool LiveHost => Path.GetFullPath(Root) == "/";

    /// <summary>A host path under <see cref="Root"/>.</summary>
    public string UnderRoot(string absolutePath) => Path.Combine(Root, absolutePath.TrimStart('/'));
}
