namespace Monitor.Collector.Configuration;

/// <summary>A person who signs in with a name and a password, in <c>Collector:Web:Users</c>.</summary>
public sealed class WebUserOptions
{
    /// <summary>The user name typed at sign-in; the timeline records on-call actions under it. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary><c>read-only</c> or <c>on-call</c>. Required.</summary>
    public string Role { get; set; } = "";

    /// <summary>
    /// File holding the password (surrounding white space is ignored), readable by the collector
    /// only, e.g. <c>/etc/monitor/secrets/sato.password</c>. The password is never logged. Required.
    /// </summary>
    public string PasswordFile { get; set; } = "";
}
