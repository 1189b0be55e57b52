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
}
