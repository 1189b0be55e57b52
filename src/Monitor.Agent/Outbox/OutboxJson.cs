using System.Text.Json;
using System.Text.Json.Serialization;

namespace Monitor.Agent.Outbox;

/// <summary>The ledger's JSON, generated at build time (no reflection, so it survives trimming).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(OutboxLedger))]
internal sealed partial class OutboxJson : JsonSerializerContext;
