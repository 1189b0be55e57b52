namespace Monitor.Core.Topology;

/// <content>Pass 4: what each service runs on and provides, and the populations that use it.</content>
public static partial class TopologyLoader
{
    private sealed partial class Builder
    {
        public void ServicesAndPopulations()
        {
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
                    _edges.Add(new(s.Hosts[j], s.Id, "runs"));
                }

                for (var j = 0; j < s.Volumes.Count; j++)
                {
                    Ref($"services[{i}].volumes[{j}]", s.Volumes[j], EntityType.Volume);
                    _edges.Add(new(s.Volumes[j], s.Id, "stores data for"));
                }

                if (s.Functions.Count == 0)
                {
                    Problem($"services[{i}].functions", "lists no function; expected e.g. [\"pop3\", \"imap\", \"smtp-in\", \"webmail\"]");
                }

                foreach (var function in s.Functions)
                {
                    _edges.Add(new(s.Id, $"{s.Id}/{function}", "provides"));
                }

                for (var j = 0; j < s.Populations.Count; j++)
                {
                    if (!_populationKeys.Contains(s.Populations[j]))
                    {
                        Problem($"services[{i}].populations[{j}]", $"'{s.Populations[j]}' is not a population key in this topology (known: {string.Join(", ", _populationKeys.Order(StringComparer.Ordinal))})");
                    }
                }
            }
        }
    }
}
