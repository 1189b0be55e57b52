namespace Monitor.Agent.Sources.Mail;

/// <summary>
/// Why Postfix could not deliver a recipient yet, in the classes an operator acts on: the Asahi
/// Net relay typo of seed 004 shows as <see cref="Dns"/>, a dead next hop as
/// <see cref="Connection"/>, a full or broken mailbox store as <see cref="Mailbox"/>.
/// </summary>
public enum DeferReasonClass
{
    /// <summary>Name service: "Host or domain name not found", "Name service error", lookup failures.</summary>
    Dns,

    /// <summary>The next hop did not answer or dropped us: refused, timed out, no route, lost connection.</summary>
    Connection,

    /// <summary>The recipient's mailbox: unavailable, unknown user, over quota, full store (x.2.x, x.1.1).</summary>
    Mailbox,

    /// <summary>The receiver refused by policy: rejected, blocked, greylisted, x.7.x.</summary>
    Policy,

    /// <summary>
    /// The recipient could not be looked up in the user database: Postfix's "user lookup error"
    /// (getpwnam through NSS or LDAP failed at local delivery). Not DNS, so never the relay typo.
    /// </summary>
    UserLookup,

    /// <summary>Anything else, or no reason given.</summary>
    Other,
}
