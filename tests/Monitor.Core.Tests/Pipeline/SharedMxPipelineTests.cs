using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;
using Monitor.Core.Topology;

namespace Monitor.Core.Tests.Pipeline;

/// <summary>
/// Issue 9: deliveries failing into CTY's store on a shared MX opened a second, false incident
/// for the other service on that MX, with its whole user count. Now one incident, CTY's users only,
/// titled by the failing store, not by the backlog it causes.
/// </summary>
public sealed class SharedMxPipelineTests
{
    [Fact]
    public void Evaluate_CtysStoreFullOnASharedMx_OneIncidentForCtyOnlyRootedAtTheStore()
    {
        var pipeline = new DetectionPipeline(SharedMxSite.Site, new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01");
        var revisions = new List<IncidentRevision>();
        for (var minute = 0; minute <= 30; minute++)
        {
            var now = WindowBuilder.At(minute);
            var failing = minute >= 10;
            void Observe(string entity, string metric, double value) => pipeline.Observe(new Sample(now, entity, metric, value));

            // The full store defers CTY's deliveries, and CTY's mail piles up in the shared queue.
            var ctyDeferred = failing ? 100 + (40 * (minute - 10)) : 3;
            Observe($"{TestSite.Host}/deferred", MetricCatalog.MailQueueMessages, ctyDeferred + 2);
            Observe($"{TestSite.Host}/{SharedMxSite.CtyDomain}/mailbox", MetricCatalog.MailDeferredByDomain, ctyDeferred);
            Observe($"{TestSite.Host}/{SharedMxSite.OtherDomain}/mailbox", MetricCatalog.MailDeferredByDomain, 2);
            Observe(TestSite.Host, MetricCatalog.MailDeliveryFailures, failing ? 2 : 0);
            Observe($"{TestSite.Host}/{SharedMxSite.CtyDomain}/store_full", MetricCatalog.MailDeliveryDeferred, failing ? 2 : 0);
            Observe($"{TestSite.Host}/{SharedMxSite.OtherDomain}/store_full", MetricCatalog.MailDeliveryDeferred, 0);
            Observe(TestSite.Host, MetricCatalog.MailDiscarded, 0);
            revisions.AddRange(pipeline.Evaluate(now).Revisions);
        }

        var incident = Assert.Single(revisions.GroupBy(r => r.IncidentId));
        var last = incident.Last();
        Assert.Equal((TestSite.Service, FindingKinds.MailboxStoreFull), (last.RootCause.Entity, last.RootCause.Kind));
        Assert.Contains(last.Symptoms, f => f.Kind == FindingKinds.MailQueueBacklog);
        Assert.DoesNotContain(revisions.SelectMany(r => r.Symptoms.Append(r.RootCause)), f => f.Entity == TestSite.OtherService);
        Assert.Equal([TestSite.Population], last.AffectedUsers.Select(a => a.PopulationKey));
        Assert.Equal(TestSite.Contracts, last.AffectedUsersMax);
        Assert.Contains("nothing is lost yet", last.RootCause.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_LoginStormOfCtyUsersOnASharedMx_FindsLoginFailuresForCtyOnly()
    {
        // Found by the generated sites: the POP3 logins of CTY's users fail on the MX both services
        // share, while the other service's users log in as ever (a typo a minute). The failures are
        // CTY's, as the users seen failing say; the other service has no incident of its own.
        var document = SharedMxSite.Document();
        document.Populations.Single(p => p.Key == TestSite.Population).Domains = [SharedMxSite.CtyDomain];
        document.Populations.Single(p => p.Key == TestSite.OtherPopulation).Domains = [SharedMxSite.OtherDomain];
        var pipeline = new DetectionPipeline(TopologyLoader.Build(document, "shared-mx-logins.json"), new DetectionOptions(), new IncidentLifecycleOptions(), DetectionPipeline.AllRules, "mail01");
        var hash = new UserHash("shared mx login test key, 16+ bytes"u8);
        var findings = new List<Finding>();
        var revisions = new List<IncidentRevision>();
        for (var minute = 0; minute <= 15; minute++)
        {
            var now = WindowBuilder.At(minute);
            var storm = minute >= 5;
            pipeline.Observe(new Sample(now, $"{TestSite.Host}/pop3", MetricCatalog.MailLoginFailures, storm ? 20 : 0.05));
            pipeline.Observe(new Sample(now, $"{TestSite.Host}/pop3", MetricCatalog.MailLoginSuccesses, 10));
            pipeline.Observe(new Sample(now, $"{TestSite.Host}/pop3", MetricCatalog.MailLoginFailedUsers, storm ? 300 : 2));
            for (var i = 0; i < (storm ? 300 : 1); i++)
            {
                pipeline.Observe(hash.Sighting(now, TestSite.Host, "pop3", $"user{(minute * 150) + i}@{SharedMxSite.CtyDomain}"));
            }

            pipeline.Observe(hash.Sighting(now, TestSite.Host, "pop3", $"typo{minute}@{SharedMxSite.OtherDomain}"));
            var result = pipeline.Evaluate(now);
            findings.AddRange(result.Findings);
            revisions.AddRange(result.Revisions);
        }

        Assert.Contains(findings, f => f.Kind == FindingKinds.LoginFailures && f.Entity == TestSite.Pop3);
        Assert.DoesNotContain(findings, f => f.Kind == FindingKinds.LoginFailures && f.Entity == TestSite.OtherPop3);
        Assert.Single(revisions.GroupBy(r => r.IncidentId));
    }
}
