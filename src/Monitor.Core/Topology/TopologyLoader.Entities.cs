namespace Monitor.Core.Topology;

/// <content>Pass 1: every entity with a unique id, and the populations.</content>
public static partial class TopologyLoader
{
    private sealed partial class Builder
    {
        public void Entities()
        {
            for (var i = 0; i < document.Hosts.Count; i++)
            {
                Add($"hosts[{i}].id", document.Hosts[i].Id, EntityType.Host, document.Hosts[i].Id, document.Hosts[i].Role);
            }

            for (var i = 0; i < document.HbaPorts.Count; i++)
            {
                Add($"hbaPorts[{i}].id", document.HbaPorts[i].Id, EntityType.HbaPort, document.HbaPorts[i].Id, "FC HBA port");
            }

            for (var i = 0; i < document.Controllers.Count; i++)
            {
                var c = document.Controllers[i];
                Add($"controllers[{i}].id", c.Id, EntityType.Controller, c.Name, c.Role);
                if (!(c.RatedIops > 0))
                {
                    Problem($"controllers[{i}].ratedIops", $"is {c.RatedIops}; expected the controller's rated I/O operations per second (> 0)");
                }

                if (!(c.RatedThroughputBytesPerSecond > 0))
                {
                    Problem($"controllers[{i}].ratedThroughputBytesPerSecond", $"is {c.RatedThroughputBytesPerSecond}; expected the rated bytes per second (> 0)");
                }
            }

            for (var i = 0; i < document.ControllerPorts.Count; i++)
            {
                Add($"controllerPorts[{i}].id", document.ControllerPorts[i].Id, EntityType.ControllerPort, document.ControllerPorts[i].Id, $"FC port of {document.ControllerPorts[i].Controller}");
            }

            for (var i = 0; i < document.Volumes.Count; i++)
            {
                Add($"volumes[{i}].id", document.Volumes[i].Id, EntityType.Volume, document.Volumes[i].Name, document.Volumes[i].Role);
            }

            for (var i = 0; i < document.Paths.Count; i++)
            {
                var p = document.Paths[i];
                Add($"paths[{i}].id", p.Id, EntityType.Path, p.Id, $"access path {p.Host} -> {p.Controller} -> {p.Volume}");
            }

            for (var i = 0; i < document.Services.Count; i++)
            {
                var s = document.Services[i];
                Add($"services[{i}].id", s.Id, EntityType.Service, s.Name, "mail service");
                Functions(i, s);
            }
        }

        public void Populations()
        {
            var domains = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < document.Populations.Count; i++)
            {
                var p = document.Populations[i];
                if (string.IsNullOrWhiteSpace(p.Key) || !_populationKeys.Add(p.Key))
                {
                    Problem($"populations[{i}].key", string.IsNullOrWhiteSpace(p.Key) ? "key is required" : $"'{p.Key}' is used twice");
                }

                if (p.Contracts < 0)
                {
                    Problem($"populations[{i}].contracts", $"is {p.Contracts}; expected a count of contracts (>= 0)");
                }

                // A user is counted in one population: a domain listed twice could not say which.
                for (var j = 0; j < p.Domains.Count; j++)
                {
                    var domain = p.Domains[j].Trim();
                    if (domain.Length == 0 || domain.Contains('@') || domain.Contains(' '))
                    {
                        Problem($"populations[{i}].domains[{j}]", $"'{p.Domains[j]}' is not a login domain; expected e.g. example.co.jp");
                    }
                    else if (!domains.TryAdd(domain, p.Key))
                    {
                        Problem($"populations[{i}].domains[{j}]", $"'{domain}' is listed by populations '{domains[domain]}' and '{p.Key}'; a user can be counted in one population only");
                    }
                }
            }
        }

        private void Add(string place, string id, EntityType type, string name, string role)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                Problem(place, "id is required");
            }
            else if (id.Contains('/', StringComparison.Ordinal))
            {
                Problem(place, $"id '{id}' must not contain '/' (it separates a service from its functions)");
            }
            else if (!_entities.TryAdd(id, new Entity(id, type, string.IsNullOrEmpty(name) ? id : name, role)))
            {
                Problem(place, $"id '{id}' is used twice");
            }
        }

        // A service's functions are entities of their own, "service/function".
        private void Functions(int i, ServiceDocument s)
        {
            foreach (var function in s.Functions)
            {
                if (string.IsNullOrWhiteSpace(function) || function.Contains('/', StringComparison.Ordinal))
                {
                    Problem($"services[{i}].functions", $"'{function}' is not a function name (e.g. pop3, imap, smtp-in, webmail)");
                }
                else if (!_entities.TryAdd($"{s.Id}/{function}", new Entity($"{s.Id}/{function}", EntityType.ServiceFunction, $"{s.Name} {function}", function)))
                {
                    Problem($"services[{i}].functions", $"'{function}' is listed twice");
                }
            }
        }
    }
}
