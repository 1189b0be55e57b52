using Monitor.Collector.Store;

namespace Monitor.Collector.Tests.Store;

/// <summary>The store's announcements: every subscriber hears each change until it leaves.</summary>
public sealed class IncidentStoreChangesTests
{
    [Fact]
    public void Announce_TwoSubscribers_BothHearTheChangedIncidents()
    {
        var changes = new IncidentStoreChanges();
        var heardByReports = new List<StoredChange>();
        var heardByAlerts = new List<StoredChange>();
        using var reports = changes.Subscribe(heardByReports.Add);
        using var alerts = changes.Subscribe(heardByAlerts.Add);

        changes.Announce(new StoredChange(StoredChangeKind.Revisions, ["mail05.cty-1", "mail06.cty-1"]));

        Assert.Equal(["mail05.cty-1", "mail06.cty-1"], Assert.Single(heardByReports).IncidentIds);
        Assert.Equal(StoredChangeKind.Revisions, Assert.Single(heardByAlerts).Kind);
    }

    [Fact]
    public void Announce_AfterTheSubscriptionIsDisposed_TheListenerHearsNothing()
    {
        var changes = new IncidentStoreChanges();
        var heard = 0;
        var subscription = changes.Subscribe(_ => heard++);
        changes.Announce(new StoredChange(StoredChangeKind.Action, ["mail05.cty-1"]));

        subscription.Dispose();
        changes.Announce(new StoredChange(StoredChangeKind.Action, ["mail05.cty-1"]));

        Assert.Equal(1, heard);
    }

    [Fact]
    public void Dispose_OneOfTwoSubscriptionsOfTheSameListener_TheOtherStillHears()
    {
        var changes = new IncidentStoreChanges();
        var heard = 0;
        Action<StoredChange> listener = _ => heard++;
        var first = changes.Subscribe(listener);
        using var second = changes.Subscribe(listener);

        first.Dispose();
        first.Dispose();
        changes.Announce(new StoredChange(StoredChangeKind.Revisions, ["mail05.cty-1"]));

        Assert.Equal(1, heard);
    }
}
