using Grpc.Core;

namespace Monitor.Collector.Tests.Security;

/// <summary>How a push the TLS handshake refused reaches the agent.</summary>
internal static class HandshakeRefusal
{
    /// <summary>
    /// Under TLS 1.3 the server judges the client's certificate after the client has finished
    /// its side of the handshake: the refusal reaches the client either while it connects
    /// (Unavailable) or as the connection closing under its first request (Internal). Either
    /// way it is the transport failing, never a status the service chose.
    /// </summary>
    public static void AssertRefused(RpcException error) =>
        Assert.Contains(error.StatusCode, new[] { StatusCode.Unavailable, StatusCode.Internal });
}
