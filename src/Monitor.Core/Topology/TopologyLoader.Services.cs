namespace Monitor.Core.Topology;

/// <content>Pass 4: what each service runs on and provides, and the populations that use it.</content>
public static partial class TopologyLoader
{
    private sealed partial class Builder
    {
        public void ServicesAndPopulations()
        {
            var domainOwners = new Dictionary<string, string>(StringComparer.Ordinal);
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

                Domains(i, s, domainOwners);

                for (var j = 0; j < s.Populations.Count; j++)
                {
                    if (!_populationKeys.Contains(s.Populations[j]))
                    {
                        Problem($"services[{i}].populations[{j}]", $"'{s.Populations[j]}' is not a population key in this topology (known: {string.Join(", ", _populationKeys.Order(StringComparer.Ordinal))})");
                    }
                }
            }

            SharedHostsTellServicesApart();
        }

        private void Domains(int i, ServiceDocument s, Dictionary<string, string> owners)
        {
            for (var j = 0; j < s.Domains.Count; j++)
            {
                var domain = MailDomains.Normalize(s.Domains[j]);
                if (!MailDomains.IsDomainName(domain))
                {
                    Problem($"services[{i}].domains[{j}]", $"'{s.Domains[j]}' is not a domain name; expected a recipient domain such as \"cty.ne.jp\"");
                }
                else if (!owners.TryAdd(domain, s.Id))
                {
                    Problem($"services[{i}].domains[{j}]", $"'{domain}' is already listed by service '{owners[domain]}'; a domain's mail belongs to one service");
                }
            }
        }

        // On a shared host the queue tells services apart by recipient domain only: every
        // service but one must list its domains (that one takes the mail of every other domain).
        private void SharedHostsTellServicesApart()
        {
            var byHost = document.Services
                .Select((s, index) => (Service: s, Index: index))
                .SelectMany(x => x.Service.Hosts.Distinct(StringComparer.Ordinal).Select(h => (Host: h, x.Service, x.Index)))
                .GroupBy(x => x.Host, StringComparer.Ordinal);
            foreach (var host in byHost)
            {
                var unnamed = host.Where(x => x.Service.Domains.Count == 0).ToList();
                if (host.Count() > 1 && unnamed.Count > 1)
                {
                    Problem(
                        $"services[{unnamed[1].Index}].domains",
                        $"host '{host.Key}' runs {string.Join(", ", host.Select(x => x.Service.Id))}, and {string.Join(" and ", unnamed.Select(x => x.Service.Id))} list no recipient domains; "
                            + "list the domains of all but one of them (e.g. \"domains\": [\"cty.ne.jp\"]) so mail on the host can be laid on the service whose mail it is");
                }
            }
        }
    }
}
