namespace Monitor.Core.Topology;

/// <content>Passes 2 and 3: the storage's references and edges, ports and partners first, then the access paths.</content>
public static partial class TopologyLoader
{
    private sealed partial class Builder
    {
        public void ControllersAndPartners()
        {
            for (var i = 0; i < document.HbaPorts.Count; i++)
            {
                Ref($"hbaPorts[{i}].host", document.HbaPorts[i].Host, EntityType.Host);
                _edges.Add(new(document.HbaPorts[i].Host, document.HbaPorts[i].Id, "has port"));
            }

            for (var i = 0; i < document.Controllers.Count; i++)
            {
                var c = document.Controllers[i];
                if (c.Partner is not null && string.Equals(c.Partner, c.Id, StringComparison.Ordinal))
                {
                    // A take-over needs two controllers: its own load would read as its partner's.
                    Problem($"controllers[{i}].partner", $"'{c.Id}' names itself as its partner; name the other controller of its pair, or leave partner out");
                }
                else if (c.Partner is not null)
                {
                    Ref($"controllers[{i}].partner", c.Partner, EntityType.Controller);
                    _edges.Add(new(c.Id, c.Partner, "hands its load to"));

                    // Take-over is mutual: each controller's rules look at its own partner.
                    var partner = document.Controllers.FirstOrDefault(p => p.Id == c.Partner);
                    if (partner is not null && partner.Partner != c.Id)
                    {
                        Problem($"controllers[{i}].partner", $"'{c.Id}' names '{c.Partner}' as partner, but '{c.Partner}' names '{partner.Partner ?? "none"}'; partners must name each other");
                    }
                }
            }

            for (var i = 0; i < document.ControllerPorts.Count; i++)
            {
                Ref($"controllerPorts[{i}].controller", document.ControllerPorts[i].Controller, EntityType.Controller);
                _edges.Add(new(document.ControllerPorts[i].Controller, document.ControllerPorts[i].Id, "has port"));
            }

            for (var i = 0; i < document.Volumes.Count; i++)
            {
                var v = document.Volumes[i];
                for (var j = 0; j < v.Controllers.Count; j++)
                {
                    Ref($"volumes[{i}].controllers[{j}]", v.Controllers[j], EntityType.Controller);
                    _edges.Add(new(v.Controllers[j], v.Id, "serves"));
                }
            }
        }

        public void Paths()
        {
            for (var i = 0; i < document.Paths.Count; i++)
            {
                var p = document.Paths[i];
                Ref($"paths[{i}].host", p.Host, EntityType.Host);
                Ref($"paths[{i}].controller", p.Controller, EntityType.Controller);
                Ref($"paths[{i}].volume", p.Volume, EntityType.Volume);
                if (p.HbaPort is not null)
                {
                    Ref($"paths[{i}].hbaPort", p.HbaPort, EntityType.HbaPort);
                    var port = document.HbaPorts.FirstOrDefault(h => h.Id == p.HbaPort);
                    if (port is not null && port.Host != p.Host)
                    {
                        Problem($"paths[{i}].hbaPort", $"'{p.HbaPort}' is a port of host '{port.Host}', not of the path's host '{p.Host}'");
                    }

                    _edges.Add(new(p.HbaPort, p.Id, "carries"));
                }

                if (p.ControllerPort is not null)
                {
                    Ref($"paths[{i}].controllerPort", p.ControllerPort, EntityType.ControllerPort);
                    var port = document.ControllerPorts.FirstOrDefault(c => c.Id == p.ControllerPort);
                    if (port is not null && port.Controller != p.Controller)
                    {
                        Problem($"paths[{i}].controllerPort", $"'{p.ControllerPort}' is a port of controller '{port.Controller}', not of the path's controller '{p.Controller}'");
                    }

                    _edges.Add(new(p.ControllerPort, p.Id, "carries"));
                }

                _edges.Add(new(p.Controller, p.Id, "terminates"));
                _edges.Add(new(p.Id, p.Volume, "carries I/O for"));
            }
        }
    }
}
