using System.Text.Json;

namespace Monitor.Agent.Sources.Storage;

/// <summary>Reading Redfish resources: strings, links ({"@odata.id": ...}), arrays of links and collection members.</summary>
internal static class RedfishJson
{
    /// <summary>A string property, null when absent or not a string.</summary>
    public static string? Str(JsonElement resource, string property) =>
        resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    /// <summary>The address a link property points to, null when absent.</summary>
    public static string? Link(JsonElement resource, string property) =>
        resource.ValueKind == JsonValueKind.Object
        && resource.TryGetProperty(property, out var link)
        && link.ValueKind == JsonValueKind.Object
            ? Str(link, "@odata.id")
            : null;

    /// <summary>The addresses of an array of links, such as a Storage resource's "Drives".</summary>
    public static IEnumerable<string> LinkArray(JsonElement resource, string property)
    {
        if (resource.ValueKind == JsonValueKind.Object && resource.TryGetProperty(property, out var links) && links.ValueKind == JsonValueKind.Array)
        {
            foreach (var link in links.EnumerateArray())
            {
                if (link.ValueKind == JsonValueKind.Object && Str(link, "@odata.id") is { } uri)
                {
                    yield return uri;
                }
            }
        }
    }

    /// <summary>The members of a collection.</summary>
    public static IEnumerable<string> Members(JsonElement collection) => LinkArray(collection, "Members");
}
