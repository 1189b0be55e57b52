namespace Monitor.Core.Topology;

/// <summary>A mail service, what it needs and whom it serves.</summary>
/// <param name="Id">Entity id.</param>
/// <param name="Name">Name as users know it.</param>
/// <param name="Category">Regulatory category 1-5 (seed 002).</param>
/// <param name="Hosts">Hosts running it.</param>
/// <param name="Volumes">Volumes holding its data.</param>
/// <param name="Functions">Functions users see.</param>
/// <param name="Populations">Keys of its user populations.</param>
public sealed record MailService(
    string Id,
    string Name,
    int Category,
    IReadOnlyList<string> Hosts,
    IReadOnlyList<string> Volumes,
    IReadOnlyList<string> Functions,
    IReadOnlyList<string> Populations)
{
    /// <summary>
    /// Recipient domains whose mail belongs to this service (lower case; a subdomain belongs to
    /// its domain). Needed only when a host runs several services: the host's queue and log
    /// are then told apart by recipient domain. Empty: the service takes the mail of every
    /// domain no other service on its hosts lists.
    /// </summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>Entity id of one of its functions.</summary>
    public string FunctionId(string function) => $"{Id}/{function}";
}
