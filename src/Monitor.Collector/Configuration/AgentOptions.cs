namespace Monitor.Collector.Configuration;

/// <summary>One agent allowed to push, in <c>Collector:Agents</c> (keyed by agent id).</summary>
public sealed class AgentOptions
{
    /// <summary>
    /// The site the agent belongs to; it replaces whatever site the agent says, so merging and the
    /// alert's <c>site</c> label use the operator's word. Default: empty (the agent's own word).
    /// </summary>
    public string Site { get; set; } = "";
}
