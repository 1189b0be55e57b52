using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.Core.Topology;

/// <summary>
/// The topology file's JSON, generated at build time so a trimmed, natively compiled agent reads
/// it without reflection: unknown members and missing required ones are errors, comments and
/// trailing commas are allowed.
/// </summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(TopologyDocument))]
internal sealed partial class TopologyJson : JsonSerializerContext;
