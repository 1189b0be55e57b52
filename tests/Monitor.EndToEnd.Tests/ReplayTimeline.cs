using System.Text.Json;

namespace Monitor.EndToEnd.Tests;

/// <summary>What `replay --json` wrote, read back: the documented JSON lines format.</summary>
internal sealed class ReplayTimeline
{
    private ReplayTimeline(List<JsonElement> lines) => Lines = lines;

    public List<JsonElement> Lines { get; }

    public IEnumerable<JsonElement> Findings(string @event) =>
        Lines.Where(l => l.GetProperty("type").GetString() == "finding" && l.GetProperty("event").GetString() == @event);

    /// <summary>The newest revision of each incident.</summary>
    public IReadOnlyList<JsonElement> Incidents =>
        [.. Lines.Where(l => l.GetProperty("type").GetString() == "revision")
            .GroupBy(l => l.GetProperty("incidentId").GetString())
            .Select(g => g.MaxBy(l => l.GetProperty("revision").GetInt64()))];

    public static ReplayTimeline Parse(string text) =>
        new([.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())]);
}
