using Monitor.Core.Signals;

namespace Monitor.Core.Topology;

/// <content>The state one build shares between its passes, and the checks every pass uses.</content>
public static partial class TopologyLoader
{
    private sealed partial class Builder(TopologyDocument document, string sourceName)
    {
        private readonly List<InputProblem> _problems = [];
        private readonly Dictionary<string, Entity> _entities = new(StringComparer.Ordinal);
        private readonly HashSet<string> _populationKeys = new(StringComparer.Ordinal);
        private readonly List<Dependency> _edges = [];
        private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

        public void CheckSchemaVersion()
        {
            if (document.SchemaVersion != TopologyLoader.SchemaVersion)
            {
                Problem("schemaVersion", $"is {document.SchemaVersion}; this build reads version {TopologyLoader.SchemaVersion}");
            }
        }

        /// <summary>Throws every problem found; otherwise the site.</summary>
        public SiteTopology Site()
        {
            if (_problems.Count > 0)
            {
                throw new TopologyException(_problems);
            }

            var site = document.Site ?? new SiteDocument();
            return new SiteTopology(
                new SiteInfo(site.Name, site.Operator, site.Location, site.Area, site.TimeZone),
                [.. _entities.Values],
                [.. document.Controllers.Select(c => new Controller(c.Id, string.IsNullOrEmpty(c.Name) ? c.Id : c.Name, c.Partner, c.RatedIops, c.RatedThroughputBytesPerSecond))],
                [.. document.Paths.Select(p => new AccessPath(p.Id, p.Host, p.HbaPort, p.Controller, p.Volume))],
                [.. document.Services.Select(s => new MailService(s.Id, string.IsNullOrEmpty(s.Name) ? s.Id : s.Name, s.Category, s.Hosts, s.Volumes, s.Functions, s.Populations)
                {
                    Domains = [.. s.Domains.Select(MailDomains.Normalize)],
                })],
                [.. document.Populations.Select(p => new Population(p.Key, string.IsNullOrEmpty(p.Name) ? p.Key : p.Name, p.Contracts, [.. p.Domains.Select(d => d.Trim().ToLowerInvariant())]))],
                _edges,
                _aliases);
        }

        private void Problem(string place, string message) => _problems.Add(new InputProblem(sourceName, 0, $"{place}: {message}"));

        // A reference must name an entity of the right type; the problem lists those that would do.
        private void Ref(string place, string? id, EntityType type)
        {
            if (IsBlank(id))
            {
                return; // Told once, as a blank (pass 0).
            }

            if (string.IsNullOrEmpty(id))
            {
                Problem(place, $"is required (a {type} id)");
                return;
            }

            if (!_entities.TryGetValue(id, out var entity) || entity.Type != type)
            {
                var known = _entities.Values.Where(e => e.Type == type).Select(e => e.Id).Order(StringComparer.Ordinal);
                Problem(place, $"'{id}' is not a {type} in this topology (known: {string.Join(", ", known)})");
            }
        }
    }
}
