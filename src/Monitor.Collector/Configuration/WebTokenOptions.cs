namespace Monitor.Collector.Configuration;

/// <summary>A program that sends a bearer token, in <c>Collector:Web:Tokens</c>.</summary>
public sealed class WebTokenOptions
{
    /// <summary>What the token is for, e.g. <c>prometheus</c>; on-call actions made with it carry this name. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>read-only</c> or <c>on-call</c>. Required.</summary>
    public string Role { get; set; } = "";

    /// <summary>
    /// File holding the token (surrounding white space is ignored; at least 16 characters, e.g.
    /// <c>openssl rand -hex 32</c>). The token is never logged. Required.
    /// </summary>
    public string TokenFile { get; set; } = "";
}
