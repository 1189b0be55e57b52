namespace Monitor.Collector.Tests.Ingest;

/// <summary>What an acknowledgement tells the agent besides the outcome (v1.2): the incident and its page.</summary>
public sealed class AcknowledgementTests
{
    [Fact]
    public async Task PushRevisions_TwoIncidents_EachAcknowledgementNamesItsIncident()
    {
        await using var collector = await RunningCollector.StartAsync();
        var other = CtyIncident.Revision(1, "inc-20170113-0853-mail06");

        // A key that does not spell the id: the id comes from the revision, not from the key.
        other.IdempotencyKey = "mail06-first";
        var reply = await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1), other));

        Assert.Equal([CtyIncident.Id, "inc-20170113-0853-mail06"], reply.Acknowledgements.Select(a => a.IncidentId));
        Assert.EndsWith("/incidents/inc-20170113-0853-mail06", reply.Acknowledgements[1].IncidentUrl, StringComparison.Ordinal);
    }
}
