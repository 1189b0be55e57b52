namespace Monitor.Collector.Configuration;

/// <summary>Where on-call is alerted, bound from <c>Collector:Alerting</c>. One alert per merged incident.</summary>
public sealed class AlertingOptions
{
    /// <summary>
    /// Base address of Alertmanager, e.g. <c>http://127.0.0.1:9093</c>; alerts are posted to
    /// <c>/api/v2/alerts</c> under it. Default: empty (no Alertmanager).
    /// </summary>
    public string AlertmanagerUrl { get; set; } = "";

    /// <summary>
    /// How often a firing alert is sent again. Keep it well under Alertmanager's
    /// <c>resolve_timeout</c>; each alert says it ends three intervals later unless re-sent, so a
    /// collector that stops does not leave an alert firing for ever. Default: <c>00:01:00</c>.
    /// </summary>
    public TimeSpan ResendInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Addresses that receive a JSON POST when an incident starts firing, changes classification
    /// or resolves. Default: none.
    /// </summary>
    public string[] Webhooks { get; set; } = [];

    /// <summary>Attempts per delivery (the first and its retries, exponential back-off from 1 s). Default: 4.</summary>
    public int Attempts { get; set; } = 4;

    /// <summary>Time allowed for one HTTP attempt. Default: <c>00:00:10</c>.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Wait before the first retry; each further retry waits twice as long. Default: <c>00:00:01</c>.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// With several replicas on PostgreSQL, how long the alert lease lasts once taken or renewed:
    /// only its holder sends alerts, and when it dies another replica takes over within
    /// LeaseDuration + LeaseRenewInterval. Unused on SQLite (one collector). Default: <c>00:00:15</c>.
    /// </summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How often each replica renews the alert lease (its holder) or tries to take it (the others);
    /// less than LeaseDuration, a third of it leaves two renewals to fail before the lease ends.
    /// Default: <c>00:00:05</c>.
    /// </summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(5);
}
