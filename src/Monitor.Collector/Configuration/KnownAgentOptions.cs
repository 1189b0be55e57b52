namespace Monitor.Collector.Configuration;

/// <summary>
/// The collector's settings for one known agent, allowed to push: <c>Collector:Agents:&lt;agent id&gt;</c>.
/// Not the agent's own settings (<c>Monitor.Agent</c>'s <c>AgentOptions</c>).
/// </summary>
public sealed class KnownAgentOptions
{
    /// <summary>
    /// The site the agent belongs to, used for merging and the alert's <c>site</c> label. A push
    /// or client certificate (OU) that says another site is refused. Default: empty (the
    /// certificate's OU, else the agent's own word).
    /// </summary>
    public string Site { get; set; } = "";

    /// <summary>
    /// A file holding this agent's bearer token, for a site that cannot run mutual TLS: the agent
    /// sends <c>authorization: Bearer &lt;token&gt;</c> and pushes as this agent only. Read at start
    /// (restart to change it), surrounding white space ignored, never logged. Needs <c>Listen</c>
    /// with https. Default: empty (no token).
    /// </summary>
    public string TokenFile { get; set; } = "";
}
