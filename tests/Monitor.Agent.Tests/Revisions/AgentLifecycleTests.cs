using Monitor.Agent.Revisions;
using Monitor.Contracts.V1;
using Monitor.Core.Incidents;

namespace Monitor.Agent.Tests.Revisions;

/// <summary>Which incident an acknowledgement's page belongs to, from a collector of v1.2 and from an older one.</summary>
public sealed class AgentLifecycleTests
{
    private const string Url = "https://monitor.example.jp/incidents/inc-1";

    [Fact]
    public void Delivered_AcknowledgementNamesItsIncident_UsesThatId()
    {
        var lifecycle = new AgentLifecycle();

        // The key alone would say "inc-legacy": the collector's word wins.
        lifecycle.Delivered([new Acknowledgement { IdempotencyKey = "inc-legacy/4", IncidentId = "inc-1", IncidentUrl = Url, Outcome = AckOutcome.Stored }]);

        Assert.Equal(Url, Assert.Single(lifecycle.IncidentUrls, pair => pair.Key == "inc-1").Value);
        Assert.Single(lifecycle.IncidentUrls);
    }

    [Fact]
    public void Delivered_CollectorBeforeV12_TakesTheIdFromTheKey()
    {
        var lifecycle = new AgentLifecycle();

        lifecycle.Delivered([new Acknowledgement { IdempotencyKey = IdempotencyKey.For("inc-1", 4), IncidentUrl = Url, Outcome = AckOutcome.Stored }]);

        Assert.Equal(Url, lifecycle.IncidentUrls["inc-1"]);
        Assert.Equal(1, lifecycle.Acknowledged);
    }

    [Fact]
    public void Delivered_KeyThatIsNoKeyAndNoId_RecordsNoPage()
    {
        var lifecycle = new AgentLifecycle();

        lifecycle.Delivered([new Acknowledgement { IdempotencyKey = "garbled", IncidentUrl = Url, Outcome = AckOutcome.Stored }]);

        Assert.Empty(lifecycle.IncidentUrls);
        Assert.Equal(1, lifecycle.Acknowledged);
    }
}
