namespace Monitor.Collector.Configuration;

/// <summary>
/// The collector's TLS material, bound from <c>Collector:Tls</c>: its own certificate for every
/// <c>https://</c> listen address, and the CA whose client certificates identify agents.
/// Files are PEM, as <c>deploy/make-certs.sh</c> writes them; they are read at start.
/// </summary>
public sealed class TlsOptions
{
    /// <summary>
    /// The collector's certificate (PEM), e.g. <c>certs/collector.pem</c>; its names must be those
    /// agents use to reach it. Required when <c>Listen</c> or <c>HttpListen</c> is https. Default: empty.
    /// </summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>The private key of <see cref="CertificatePath"/> (PEM, unencrypted; keep it 0600). Default: empty.</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>
    /// The CA (PEM, one or more certificates) that signs agents' client certificates. Set: an agent
    /// is identified by its certificate (CN = agent id, OU = site), and only certificates from this
    /// CA are accepted, never the system's trust store. Needs <c>Listen</c> with https. Default: empty.
    /// </summary>
    public string ClientCaPath { get; set; } = "";
}
