namespace Monitor.Collector.Ingest;

/// <summary>How an agent proved who it is.</summary>
public enum AgentCredentialKind
{
    /// <summary>It did not: no client CA and no token is configured (a closed network).</summary>
    Open,

    /// <summary>A client certificate from <c>Collector:Tls:ClientCaPath</c>.</summary>
    Certificate,

    /// <summary>A bearer token of <c>Collector:Agents:&lt;id&gt;:TokenFile</c>.</summary>
    Token,
}
