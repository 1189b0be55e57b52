namespace Monitor.Core.Topology;

/// <content>Pass 5: the other names sources use for an entity; each names one entity only.</content>
public static partial class TopologyLoader
{
    private sealed partial class Builder
    {
        public void Aliases()
        {
            for (var i = 0; i < document.Hosts.Count; i++)
            {
                Aliases($"hosts[{i}]", document.Hosts[i].Id, document.Hosts[i].Aliases);
            }

            for (var i = 0; i < document.HbaPorts.Count; i++)
            {
                Aliases($"hbaPorts[{i}]", document.HbaPorts[i].Id, document.HbaPorts[i].Aliases);
            }

            for (var i = 0; i < document.Controllers.Count; i++)
            {
                Aliases($"controllers[{i}]", document.Controllers[i].Id, document.Controllers[i].Aliases);
            }

            for (var i = 0; i < document.ControllerPorts.Count; i++)
            {
                Aliases($"controllerPorts[{i}]", document.ControllerPorts[i].Id, document.ControllerPorts[i].Aliases);
            }

            for (var i = 0; i < document.Volumes.Count; i++)
            {
                Aliases($"volumes[{i}]", document.Volumes[i].Id, document.Volumes[i].Aliases);
            }

            for (var i = 0; i < document.Paths.Count; i++)
            {
                Aliases($"paths[{i}]", document.Paths[i].Id, document.Paths[i].Aliases);
            }
        }

        private void Aliases(string place, string id, List<string> names)
        {
            for (var j = 0; j < names.Count; j++)
            {
                if (string.IsNullOrWhiteSpace(names[j]))
                {
                    Problem($"{place}.aliases[{j}]", "an alias must not be empty");
                }
                else if (_entities.ContainsKey(names[j]) || !_aliases.TryAdd(names[j], id))
                {
                    Problem($"{place}.aliases[{j}]", $"'{names[j]}' already names {(_entities.ContainsKey(names[j]) ? "an entity" : $"'{_aliases[names[j]]}'")}");
                }
            }
        }
    }
}
