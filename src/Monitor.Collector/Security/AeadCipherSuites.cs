using System.Net.Security;

namespace Monitor.Collector.Security;

/// <summary>
/// The cipher suites the collector offers: TLS 1.3's, and for TLS 1.2 only ECDHE with AES-GCM or
/// ChaCha20-Poly1305 (authenticated encryption, forward secrecy). CBC and RSA key exchange are
/// not offered. Set where the platform lets it (Linux and macOS, through OpenSSL); elsewhere the
/// system's policy applies.
/// </summary>
internal static class AeadCipherSuites
{
    /// <summary>The suites, TLS 1.3 first.</summary>
    public static readonly IReadOnlyList<TlsCipherSuite> Suites =
    [
        TlsCipherSuite.TLS_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        TlsCipherSuite.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
    ];

    /// <summary>The policy for <see cref="SslServerAuthenticationOptions.CipherSuitesPolicy"/>, or null where the platform has none.</summary>
    public static CipherSuitesPolicy? Policy { get; } =
        OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD() ? new CipherSuitesPolicy(Suites) : null;
}
