namespace Monitor.Collector.Configuration;

/// <summary>One mail service in <c>Collector:Services</c> (keyed by the service id the agents use, e.g. <c>cty-mail</c>).</summary>
public sealed class ServiceOptions
{
    /// <summary>
    /// The regulator's service category, 1 to 5 (seed 002); it wins over the category an agent
    /// sends. Paid e-mail is 5, free internet services 4. Default: 0 (use the agent's).
    /// </summary>
    public int Category { get; set; }

    /// <summary>The service's name as users know it, for the report and the pages. Default: empty (the agent's).</summary>
    public string Name { get; set; } = "";

    /// <summary>The kind of service when <see cref="Kind"/> is not set.</summary>
    public const string DefaultKind = "電子メール";

    /// <summary>
    /// Whether users pay for the service, for the report's "インターネット関連サービス(有料)". Default:
    /// not set, when category 4 means free (so the criteria define it) and 5 paid; with neither the
    /// report asks a person.
    /// </summary>
    public bool? Paid { get; set; }

    /// <summary>
    /// The kind of internet-related service as the regulator words it, for the report's service
    /// line: "電子メール", "インターネット接続", "ＤＮＳ". Default: 電子メール.
    /// </summary>
    public string Kind { get; set; } = DefaultKind;

    /// <summary>
    /// The day the topology's contract counts were taken, for the report's
    /// "(参考) 総契約数:50,511人(平成29年1月時点)". Default: not set (the report asks a person).
    /// </summary>
    public DateOnly? ContractsAsOf { get; set; }
}
