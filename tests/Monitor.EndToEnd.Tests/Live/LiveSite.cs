namespace Monitor.EndToEnd.Tests.Live;

/// <summary>
/// The site of the live tests: one mail host running the test's private Postfix (SMTP in, the
/// queue) and Dovecot (POP3, IMAP), one mail service on it with one population of contracts.
/// What an incident must say about users comes from here.
/// </summary>
internal sealed class LiveSite(string agentId)
{
    public const string SiteName = "live";

    public const string Host = "mail01";

    public const string Service = "live-mail";

    public const string ServiceName = "Live test mail service";

    public const string Population = "live-mail-contracts";

    public const int Contracts = 4_321;

    /// <summary>Deferred messages that make a backlog (Agent:Detection:QueueBacklogMessages); the DNS rule wants at least 10 deferred by DNS.</summary>
    public const int BacklogMessages = 10;

    /// <summary>The agent's id, the CN of its client certificate.</summary>
    public string AgentId { get; } = agentId;

    /// <summary>topology.json of the site.</summary>
    public string Topology() => $$"""
        {
          "schemaVersion": 1,
          "site": { "name": "{{SiteName}}", "operator": "Monitor live tests", "location": "loopback", "area": "test", "timeZone": "UTC" },
          "hosts": [ { "id": "{{Host}}", "role": "mail server: Postfix (SMTP in, relay), Dovecot (POP3, IMAP)" } ],
          "services": [
            {
              "id": "{{Service}}",
              "name": "{{ServiceName}}",
              "category": 5,
              "hosts": [ "{{Host}}" ],
              "volumes": [],
              "functions": [ "smtp-in", "pop3", "imap" ],
              "populations": [ "{{Population}}" ]
            }
          ],
          "populations": [ { "key": "{{Population}}", "name": "Live test mail contracts", "contracts": {{Contracts}} } ]
        }
        """;
}
