using System.Text.Json;
using Monitor.Core.Signals;

namespace Monitor.Core.Topology;

/// <summary>
/// Reads a topology file and checks it whole: every reference must name an entity of the right
/// type, ids must be unique, capacities positive. All problems are reported at once, each naming
/// its place in the file (e.g. <c>paths[2].controller</c>).
/// </summary>
public static class TopologyLoader
{
    /// <summary>The schema version this build reads.</summary>
    public const int SchemaVersion = 1;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Parses and validates a topology; throws <see cref="TopologyException"/> naming every problem.</summary>
    /// <param name="json">The file's content.</param>
    /// <param name="sourceName">File name used in problems.</param>
    public static SiteTopology Load(Stream json, string sourceName)
    {
        TopologyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<TopologyDocument>(json, Json);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : 0;
            throw new TopologyException([new InputProblem(sourceName, line, $"{e.Path}: {FirstSentence(e.Message)}")]);
        }

        if (document is null)
        {
            throw new TopologyException([new InputProblem(sourceName, 0, "the file is empty or 'null'")]);
        }

        return Build(document, sourceName);
    }

    /// <summary>Validates a parsed document and builds the site.</summary>
    public static SiteTopology Build(TopologyDocument document, string sourceName)
    {
        var problems = new List<InputProblem>();
        void Problem(string place, string message) => problems.Add(new InputProblem(sourceName, 0, $"{place}: {message}"));

        if (document.SchemaVersion != SchemaVersion)
        {
            Problem("schemaVersion", $"is {document.SchemaVersion}; this build reads version {SchemaVersion}");
        }

        var entities = new Dictionary<string, Entity>(StringComparer.Ordinal);
        void Add(string place, string id, EntityType type, string name, string role)
        {
            if (string.IsNullOrWhiteSpace(id))
            {
                Problem(place, "id is required");
            }
            else if (id.Contains('/', StringComparison.Ordinal))
            {
                Problem(place, $"id '{id}' must not contain '/' (it separates a service from its functions)");
            }
            else if (!entities.TryAdd(id, new Entity(id, type, string.IsNullOrEmpty(name) ? id : name, role)))
            {
                Problem(place, $"id '{id}' is used twice");
            }
        }

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
            foreach (var function in s.Functions)
            {
                if (string.IsNullOrWhiteSpace(function) || function.Contains('/', StringComparison.Ordinal))
                {
                    Problem($"services[{i}].functions", $"'{function}' is not a function name (e.g. pop3, imap, smtp-in, webmail)");
                }
                else if (!entities.TryAdd($"{s.Id}/{function}", new Entity($"{s.Id}/{function}", EntityType.ServiceFunction, $"{s.Name} {function}", function)))
                {
                    Problem($"services[{i}].functions", $"'{function}' is listed twice");
                }
            }
        }

        var populationKeys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < document.Populations.Count; i++)
        {
            var p = document.Populations[i];
            if (string.IsNullOrWhiteSpace(p.Key) || !populationKeys.Add(p.Key))
            {
                Problem($"populations[{i}].key", string.IsNullOrWhiteSpace(p.Key) ? "key is required" : $"'{p.Key}' is used twice");
            }

            if (p.Contracts < 0)
            {
                Problem($"populations[{i}].contracts", $"is {p.Contracts}; expected a count of contracts (>= 0)");
            }
        }

        void Ref(string place, string? id, EntityType type)
        {
            if (string.IsNullOrEmpty(id))
            {
                Problem(place, $"is required (a {type} id)");
                return;
            }

            if (!entities.TryGetValue(id, out var entity) || entity.Type != type)
            {
                var known = entities.Values.Where(e => e.Type == type).Select(e => e.Id).Order(StringComparer.Ordinal);
                Problem(place, $"'{id}' is not a {type} in this topology (known: {string.Join(", ", known)})");
            }
        }

        var edges = new List<Dependency>();
        for (var i = 0; i < document.HbaPorts.Count; i++)
        {
            Ref($"hbaPorts[{i}].host", document.HbaPorts[i].Host, EntityType.Host);
            edges.Add(new(document.HbaPorts[i].Host, document.HbaPorts[i].Id, "has port"));
        }

        for (var i = 0; i < document.Controllers.Count; i++)
        {
            var c = document.Controllers[i];
            if (c.Partner is not null)
            {
                Ref($"controllers[{i}].partner", c.Partner, EntityType.Controller);
                edges.Add(new(c.Id, c.Partner, "hands its load to"));

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
            edges.Add(new(document.ControllerPorts[i].Controller, document.ControllerPorts[i].Id, "has port"));
        }

        for (var i = 0; i < document.Volumes.Count; i++)
        {
            var v = document.Volumes[i];
            for (var j = 0; j < v.Controllers.Count; j++)
            {
                Ref($"volumes[{i}].controllers[{j}]", v.Controllers[j], EntityType.Controller);
                edges.Add(new(v.Controllers[j], v.Id, "serves"));
            }
        }

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

                edges.Add(new(p.HbaPort, p.Id, "carries"));
            }

            if (p.ControllerPort is not null)
            {
                Ref($"paths[{i}].controllerPort", p.ControllerPort, EntityType.ControllerPort);
                var port = document.ControllerPorts.FirstOrDefault(c => c.Id == p.ControllerPort);
                if (port is not null && port.Controller != p.Controller)
                {
                    Problem($"paths[{i}].controllerPort", $"'{p.ControllerPort}' is a port of controller '{port.Controller}', not of the path's controller '{p.Controller}'");
                }

                edges.Add(new(p.ControllerPort, p.Id, "carries"));
            }

            edges.Add(new(p.Controller, p.Id, "terminates"));
            edges.Add(new(p.Id, p.Volume, "carries I/O for"));
        }

        for (var i = 0; i < document.Services.Count; i++)
        {
            var s = document.Services[i];
            if (s.Category is < 1 or > 5)
            {
                Problem($"services[{i}].category", $"is {s.Category}; expected the regulatory category 1-5 (paid e-mail is 5)");
            }

            for (var j = 0; j < s.Hosts.Count; j++)
            {
                Ref($"services[{i}].hosts[{j}]", s.Hosts[j], EntityType.Host);
                edges.Add(new(s.Hosts[j], s.Id, "runs"));
            }

            for (var j = 0; j < s.Volumes.Count; j++)
            {
                Ref($"services[{i}].volumes[{j}]", s.Volumes[j], EntityType.Volume);
                edges.Add(new(s.Volumes[j], s.Id, "stores data for"));
            }

            if (s.Functions.Count == 0)
            {
                Problem($"services[{i}].functions", "lists no function; expected e.g. [\"pop3\", \"imap\", \"smtp-in\", \"webmail\"]");
            }

            foreach (var function in s.Functions)
            {
                edges.Add(new(s.Id, $"{s.Id}/{function}", "provides"));
            }

            for (var j = 0; j < s.Populations.Count; j++)
            {
                if (!populationKeys.Contains(s.Populations[j]))
                {
                    Problem($"services[{i}].populations[{j}]", $"'{s.Populations[j]}' is not a population key in this topology (known: {string.Join(", ", populationKeys.Order(StringComparer.Ordinal))})");
                }
            }
        }

        var aliases = new Dictionary<string, string>(StringComparer.Ordinal);
        void Aliases(string place, string id, List<string> names)
        {
            for (var j = 0; j < names.Count; j++)
            {
                if (string.IsNullOrWhiteSpace(names[j]))
                {
                    Problem($"{place}.aliases[{j}]", "an alias must not be empty");
                }
                else if (entities.ContainsKey(names[j]) || !aliases.TryAdd(names[j], id))
                {
                    Problem($"{place}.aliases[{j}]", $"'{names[j]}' already names {(entities.ContainsKey(names[j]) ? "an entity" : $"'{aliases[names[j]]}'")}");
                }
            }
        }

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

        if (problems.Count > 0)
        {
            throw new TopologyException(problems);
        }

        var site = document.Site ?? new SiteDocument();
        return new SiteTopology(
            new SiteInfo(site.Name, site.Operator, site.Location, site.Area, site.TimeZone),
            [.. entities.Values],
            [.. document.Controllers.Select(c => new Controller(c.Id, string.IsNullOrEmpty(c.Name) ? c.Id : c.Name, c.Partner, c.RatedIops, c.RatedThroughputBytesPerSecond))],
            [.. document.Paths.Select(p => new AccessPath(p.Id, p.Host, p.HbaPort, p.Controller, p.Volume))],
            [.. document.Services.Select(s => new MailService(s.Id, string.IsNullOrEmpty(s.Name) ? s.Id : s.Name, s.Category, s.Hosts, s.Volumes, s.Functions, s.Populations))],
            [.. document.Populations.Select(p => new Population(p.Key, string.IsNullOrEmpty(p.Name) ? p.Key : p.Name, p.Contracts))],
            edges,
            aliases);
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
