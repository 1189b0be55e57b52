using System.Text.Json;
using System.Text.Json.Nodes;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// A whole `multipathd show maps json` document. The vexxhost captures are map, path group and
/// path objects cut out of real multipathd output (Pure FlashArray, iSCSI and FC); here they are
/// put back together: each map gets the path group, holding the path of its transport. The maps
/// keep their own "paths" count (8), so each shows 1 listed path of 8.
/// </summary>
internal static class MultipathdCapture
{
    public const string IscsiMap = "3624a9370e92ace0b12e941bf000cb4d5";
    public const string FcMap = "3624a9370ca38a5c63c724ca8000a5c6d";

    public static string Assembled(Action<JsonObject>? change = null)
    {
        var folder = Path.Combine(SysfsTree.Fixtures, "vexxhost-multipathd_exporter");
        JsonObject Load(string file) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, file)))!.AsObject();
        var maps = new JsonArray();
        foreach (var (map, path) in new[] { ("map_0_iSCSI.json", "path_0_iSCSI.json"), ("map_1_Fiber_Channel.json", "path_1_Fiber_Channel.json") })
        {
            var group = Load("path_group_0_Basic.json");
            group["paths"] = new JsonArray(Load(path));
            var whole = Load(map);
            whole["path_groups"] = new JsonArray(group);
            maps.Add(whole);
        }

        var document = new JsonObject { ["major_version"] = 0, ["minor_version"] = 1, ["maps"] = maps };
        change?.Invoke(document);
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
