namespace Monitor.Core.Topology;

// The JSON shape of config/topology.json and of a scenario's topology.json. Loaded by
// TopologyLoader, which checks every reference before a Site is built from it.

/// <summary>The whole topology file.</summary>
public sealed class TopologyDocument
{
    /// <summary>Schema version of the file; this build reads version 1.</summary>
    public int SchemaVersion { get; set; }

    /// <summary>Where the site is.</summary>
    public SiteDocument? Site { get; set; }

    /// <summary>Mail and storage hosts.</summary>
    public List<HostDocument> Hosts { get; set; } = [];

    /// <summary>FC HBA ports of the hosts.</summary>
    public List<HbaPortDocument> HbaPorts { get; set; } = [];

    /// <summary>Storage controllers.</summary>
    public List<ControllerDocument> Controllers { get; set; } = [];

    /// <summary>FC ports of the storage controllers.</summary>
    public List<ControllerPortDocument> ControllerPorts { get; set; } = [];

    /// <summary>Volumes (LUNs) the controllers serve.</summary>
    public List<VolumeDocument> Volumes { get; set; } = [];

    /// <summary>Access paths from a host to a volume through a controller.</summary>
    public List<PathDocument> Paths { get; set; } = [];

    /// <summary>Mail services.</summary>
    public List<ServiceDocument> Services { get; set; } = [];

    /// <summary>User populations, with contract counts.</summary>
    public List<PopulationDocument> Populations { get; set; } = [];
}

/// <summary>The site.</summary>
public sealed class SiteDocument
{
    /// <summary>Short site name, e.g. "cty".</summary>
    public string Name { get; set; } = "";

    /// <summary>Operator's name as filed with the regulator.</summary>
    public string Operator { get; set; } = "";

    /// <summary>Data center or building (the report's 発生場所).</summary>
    public string Location { get; set; } = "";

    /// <summary>Area served (the report's 影響範囲).</summary>
    public string Area { get; set; } = "";

    /// <summary>IANA time zone the reports are written in, e.g. "Asia/Tokyo".</summary>
    public string TimeZone { get; set; } = "Asia/Tokyo";
}

/// <summary>A host.</summary>
public sealed class HostDocument
{
    /// <summary>Entity id.</summary>
    public string Id { get; set; } = "";

    /// <summary>What the host does, in the operator's words.</summary>
    public string Role { get; set; } = "";

    /// <summary>
    /// Other ids sources use for this entity, e.g. "mail01/sdc" for a path device or "mail01/host3"
    /// for an HBA port: samples naming an alias count for this entity.
    /// </summary>
    public List<string> Aliases { get; set; } = [];
}

/// <summary>An FC HBA port.</summary>
public sealed class HbaPortDocument
{
    /// <summary>Entity id, e.g. "mail01:host1".</summary>
    public string Id { get; set; } = "";

    /// <summary>Host the port is in.</summary>
    public string Host { get; set; } = "";

    /// <summary>
    /// Other ids sources use for this entity, e.g. "mail01/sdc" for a path device or "mail01/host3"
    /// for an HBA port: samples naming an alias count for this entity.
    /// </summary>
    public List<string> Aliases { get; set; } = [];
}

/// <summary>A storage controller.</summary>
public sealed class ControllerDocument
{
    /// <summary>Entity id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name, e.g. "Storage controller A".</summary>
    public string Name { get; set; } = "";

    /// <summary>The controller that takes over this one's volumes when it fails.</summary>
    public string? Partner { get; set; }

    /// <summary>Rated I/O operations per second: the vendor's or the measured capacity.</summary>
    public double RatedIops { get; set; }

    /// <summary>Rated throughput in bytes per second.</summary>
    public double RatedThroughputBytesPerSecond { get; set; }

    /// <summary>What the controller does, in the operator's words.</summary>
    public string Role { get; set; } = "";

    /// <summary>
    /// Other ids sources use for this entity, e.g. "mail01/sdc" for a path device or "mail01/host3"
    /// for an HBA port: samples naming an alias count for this entity.
    /// </summary>
    public List<string> Aliases { get; set; } = [];
}

/// <summary>An FC port of a storage controller.</summary>
public sealed class ControllerPortDocument
{
    /// <summary>Entity id, e.g. "ctl-b:fc1".</summary>
    public string Id { get; set; } = "";

    /// <summary>Controller the port belongs to.</summary>
    public string Controller { get; set; } = "";

    /// <summary>
    /// Other ids sources use for this entity, e.g. "ctl-b/FC1" from Redfish: samples naming an
    /// alias count for this entity.
    /// </summary>
    public List<string> Aliases { get; set; } = [];
}

/// <summary>A volume.</summary>
public sealed class VolumeDocument
{
    /// <summary>Entity id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Controllers that serve it.</summary>
    public List<string> Controllers { get; set; } = [];

    /// <summary>What is stored on it.</summary>
    public string Role { get; set; } = "";

    /// <summary>
    /// Other ids sources use for this entity, e.g. "mail01/sdc" for a path device or "mail01/host3"
    /// for an HBA port: samples naming an alias count for this entity.
    /// </summary>
    public List<string> Aliases { get; set; } = [];
}

/// <summary>An access path.</summary>
public sealed class PathDocument
{
    /// <summary>Entity id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Host end of the path.</summary>
    public string Host { get; set; } = "";

    /// <summary>HBA port the path leaves the host by (optional).</summary>
    public string? HbaPort { get; set; }

    /// <summary>Controller the path arrives at.</summary>
    public string Controller { get; set; } = "";

    /// <summary>Controller port the path arrives through (optional).</summary>
    public string? ControllerPort { get; set; }

    /// <summary>Volume reached through the path.</summary>
    public string Volume { get; set; } = "";

    /// <summary>
    /// Other ids sources use for this entity, e.g. "mail01/sdc" for a path device or "mail01/host3"
    /// for an HBA port: samples naming an alias count for this entity.
    /// </summary>
    public List<string> Aliases { get; set; } = [];
}

/// <summary>A mail service.</summary>
public sealed class ServiceDocument
{
    /// <summary>Entity id.</summary>
    public string Id { get; set; } = "";

    /// <summary>Name as users know it.</summary>
    public string Name { get; set; } = "";

    /// <summary>Regulatory category 1-5 (seed 002); paid e-mail is 5.</summary>
    public int Category { get; set; }

    /// <summary>Hosts running the service.</summary>
    public List<string> Hosts { get; set; } = [];

    /// <summary>Volumes the service keeps its data on.</summary>
    public List<string> Volumes { get; set; } = [];

    /// <summary>Functions users see, e.g. pop3, imap, smtp-in, smtp-out, webmail.</summary>
    public List<string> Functions { get; set; } = [];

    /// <summary>Populations of users of the service.</summary>
    public List<string> Populations { get; set; } = [];

    /// <summary>
    /// Recipient domains of the service's mail, e.g. ["cty.ne.jp"]: required on a host that runs
    /// several services (all but one of them list theirs), so a queue or delivery failure on a
    /// shared MX is laid on the service whose mail it is.
    /// </summary>
    public List<string> Domains { get; set; } = [];
}

/// <summary>A user population.</summary>
public sealed class PopulationDocument
{
    /// <summary>Key, the same on every agent that sees these users.</summary>
    public string Key { get; set; } = "";

    /// <summary>Display name.</summary>
    public string Name { get; set; } = "";

    /// <summary>Number of contracts.</summary>
    public long Contracts { get; set; }

    /// <summary>Login domains of its users, to count each failing user in one population; empty when logins do not tell.</summary>
    public List<string> Domains { get; set; } = [];
}
