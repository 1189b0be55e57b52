using System.Text.Json.Serialization;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// What `multipathd show maps json` writes (libmultipath print.c, JSON schema version 0.1): maps,
/// each with path groups, each with paths. Only the fields the source uses are bound; the rest
/// are skipped by the reader. `discover` also reads the ids that tie a path to its ports.
/// </summary>
internal sealed class MultipathdMaps
{
    [JsonPropertyName("major_version")]
    public int? MajorVersion { get; set; }

    [JsonPropertyName("minor_version")]
    public int? MinorVersion { get; set; }

    [JsonPropertyName("maps")]
    public List<MultipathdMap>? Maps { get; set; }
}

/// <summary>One multipath map.</summary>
internal sealed class MultipathdMap
{
    [JsonPropertyName("name")]
    public string? Name { get; set; }

    /// <summary>The LUN's WWID.</summary>
    [JsonPropertyName("uuid")]
    public string? Uuid { get; set; }

    [JsonPropertyName("sysfs")]
    public string? Sysfs { get; set; }

    [JsonPropertyName("paths")]
    public int? Paths { get; set; }

    [JsonPropertyName("dm_st")]
    public string? DmState { get; set; }

    [JsonPropertyName("path_faults")]
    public long? PathFaults { get; set; }

    [JsonPropertyName("q_timeouts")]
    public long? QueueTimeouts { get; set; }

    [JsonPropertyName("path_groups")]
    public List<MultipathdPathGroup>? PathGroups { get; set; }
}

/// <summary>One path group of a map.</summary>
internal sealed class MultipathdPathGroup
{
    [JsonPropertyName("dm_st")]
    public string? DmState { get; set; }

    /// <summary>The group's priority: with the ALUA prioritizer, 50 for active/optimized, 10 for non-optimized.</summary>
    [JsonPropertyName("pri")]
    public int? Priority { get; set; }

    /// <summary>The group's number in the map, from 1.</summary>
    [JsonPropertyName("group")]
    public int? Group { get; set; }

    [JsonPropertyName("paths")]
    public List<MultipathdPath>? Paths { get; set; }
}

/// <summary>One path of a path group.</summary>
internal sealed class MultipathdPath
{
    [JsonPropertyName("dev")]
    public string? Device { get; set; }

    /// <summary>Device-mapper's view: "active", "failed", "undef".</summary>
    [JsonPropertyName("dm_st")]
    public string? DmState { get; set; }

    /// <summary>The path checker's view: "ready", "faulty", "shaky", "ghost", "i/o pending", "i/o timeout", "delayed", "undef"...</summary>
    [JsonPropertyName("chk_st")]
    public string? CheckerState { get; set; }

    /// <summary>The WWPN of the HBA port the path leaves by (FC only).</summary>
    [JsonPropertyName("host_wwpn")]
    public string? HostWwpn { get; set; }

    /// <summary>The WWPN of the storage port the path arrives at (FC only).</summary>
    [JsonPropertyName("target_wwpn")]
    public string? TargetWwpn { get; set; }

    /// <summary>"normal" or "marginal".</summary>
    [JsonPropertyName("marginal_st")]
    public string? MarginalState { get; set; }
}

/// <summary>Source-generated reader of multipathd's JSON.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(MultipathdMaps))]
internal sealed partial class MultipathdJson : JsonSerializerContext;
