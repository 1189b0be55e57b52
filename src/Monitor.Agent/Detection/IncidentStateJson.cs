using System.Text.Json.Serialization;
using Monitor.Core.Incidents;

namespace Monitor.Agent.Detection;

/// <summary>The incident state file's JSON, generated at build time (no reflection, so it survives trimming).</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SavedTracker))]
internal sealed partial class IncidentStateJson : JsonSerializerContext;
