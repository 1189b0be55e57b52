using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Pipeline;
using Monitor.Core.Rules;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

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
}
