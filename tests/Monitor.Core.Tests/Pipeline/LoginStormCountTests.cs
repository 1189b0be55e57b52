using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Pipeline;

/// <summary>
/// A 30-minute login storm on three hosts, POP3 and IMAP: 60 intervals of 30 s, each with 2,500
/// failing users drawn from 20,000 people (each interval moves on by 333, so neighbours overlap),
/// some of them failing on both protocols. The people hit are the 20,000, not one host's interval.
/// </summary>
public sealed class LoginStormCountTests
{
    private const int People = 20_000;
    private const int PerInterval = 2_500;
    private const int Step = 333;
    private const int Intervals = 60;
    private static readonly UserHash Hash = new("storm test key of sixteen bytes"u8);

    private static string Login(int person) => person % 2 == 0 ? $"user{person}@retail.example.jp" : $"user{person}@biz.example.jp";

    private static IncidentRevision Storm(bool withIdentities)
    {
        var pipeline = new DetectionPipeline(ThreeHostSite.Site, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "agent");
        var revisions = new List<IncidentRevision>();
        for (var k = 0; k < Intervals; k++)
        {
            var now = WindowBuilder.Start.AddSeconds(30 * k);
            var failed = new Dictionary<(string Host, string Protocol), HashSet<int>>();
            for (var i = 0; i < PerInterval; i++)
            {
                var person = ((k * Step) + i) % People;
                var host = ThreeHostSite.Hosts[person % 3];
                var protocol = person / 3 % 2 == 0 ? "pop3" : "imap";
                var protocols = person % 7 == 0 ? new[] { "pop3", "imap" } : [protocol];
                foreach (var p in protocols)
                {
                    if (!failed.TryGetValue((host, p), out var people))
                    {
                        failed[(host, p)] = people = [];
                    }

                    people.Add(person);
                    if (withIdentities)
                    {
                        pipeline.Observe(Hash.Sighting(now.AddSeconds(-(i % 30)), host, p, Login(person)));
                    }
                }
            }

            foreach (var ((host, protocol), people) in failed)
            {
                pipeline.Observe(new Sample(now, $"{host}/{protocol}", MetricCatalog.MailLoginFailures, people.Count / 30.0));
                pipeline.Observe(new Sample(now, $"{host}/{protocol}", MetricCatalog.MailLoginSuccesses, people.Count / 30.0));
                pipeline.Observe(new Sample(now, $"{host}/{protocol}", MetricCatalog.MailLoginFailedUsers, people.Count));
            }

            revisions.AddRange(pipeline.Evaluate(now).Revisions);
        }

        // mail03's POP3 also serves small-mail; its own incident is not what is counted here.
        return revisions.Last(r => r.RootCause.Entity.StartsWith(ThreeHostSite.Service + "/", StringComparison.Ordinal));
    }

    [Fact]
    public void Storm_WithIdentities_CountsTheTwentyThousandPeopleWithinTwoPercent()
    {
        var revision = Storm(withIdentities: true);

        Assert.InRange(revision.AffectedUsersMax, People * 0.98, People * 1.02);
        var byPopulation = revision.AffectedUsers.ToDictionary(p => p.PopulationKey, p => p.Count);
        Assert.Equal([ThreeHostSite.Business, ThreeHostSite.Retail], byPopulation.Keys.Order(StringComparer.Ordinal));
        Assert.InRange(byPopulation[ThreeHostSite.Retail], People / 2 * 0.98, People / 2 * 1.02);
        Assert.InRange(byPopulation[ThreeHostSite.Business], People / 2 * 0.98, People / 2 * 1.02);
    }

    [Fact]
    public void Storm_WithoutIdentities_TheLargestIntervalOfOneHostUnattributed()
    {
        var revision = Storm(withIdentities: false);

        // The metric fallback: a lower bound (one host, one protocol, one interval), and in no population.
        var users = Assert.Single(revision.AffectedUsers);
        Assert.Equal("big-mail/unattributed", users.PopulationKey);
        Assert.InRange(users.Count, 400, 600);
        Assert.Equal(users.Count, revision.AffectedUsersMax);
    }
}
