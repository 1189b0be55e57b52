using System.Text.Json.Serialization;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// What `multipathd show maps json` writes (libmultipath print.c, JSON schema version 0.1): maps,
/// each with path groups, each with paths. Only the fields the source uses are bound; the rest
/// are skipped by the reader.
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

    /// <summary>"normal" or "marginal".</summary>
    [JsonPropertyName("marginal_st")]
    public string? MarginalState { get; set; }
}

/// <summary>Source-generated reader of multipathd's JSON.</summary>
[JsonSourceGenerationOptions(ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow, NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(MultipathdMaps))]
internal sealed partial class MultipathdJson : JsonSerializerContext;
