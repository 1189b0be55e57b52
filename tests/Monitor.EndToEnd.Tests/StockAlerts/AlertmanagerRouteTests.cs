namespace Monitor.EndToEnd.Tests.StockAlerts;

/// <summary>How many notifications the stock alerts send through Alertmanager's example route.</summary>
public sealed class AlertmanagerRouteTests
{
    [Fact]
    public void Notifications_FiveAlertsOfOneGroupAtOnce_SendOne()
    {
        var probes = Enumerable.Range(0, 5).Select(i => Alert("MailProbeFailed", $"f{i}", service: "mail")).ToList();

        var evaluations = Minutes(60, minute => minute is >= 10 and < 40 ? probes : []);

        Assert.Equal(1, AlertmanagerRoute.Notifications(evaluations));
    }

    [Fact]
    public void Notifications_AlertJoinsAGroupThatFires_SendsAgain()
    {
        var first = Alert("MultipathPathDown", "p1");
        var second = Alert("MultipathPathDown", "p2");

        var evaluations = Minutes(60, minute => minute switch
        {
            < 10 => [],
            < 20 => [first],
            _ => [first, second],
        });

        Assert.Equal(2, AlertmanagerRoute.Notifications(evaluations));
    }

    [Fact]
    public void Notifications_GroupFiresForFiveHours_RepeatsAfterFourHours()
    {
        var alert = Alert("StorageLatencyHigh", "ctl-b");

        var evaluations = Minutes(5 * 60, _ => [alert]);

        Assert.Equal(2, AlertmanagerRoute.Notifications(evaluations));
    }

    [Fact]
    public void Notifications_AlertStopsAndFiresAgain_SendsAgainOnlyOnceItsGroupCleared()
    {
        var flapping = Alert("FcPortErrors", "p1");
        var steady = Alert("FcPortErrors", "p2");

        // p1 flaps while p2 holds the group open: nothing new to say. Then the group clears, and
        // p1 firing again is news.
        var evaluations = Minutes(120, minute => minute switch
        {
            < 30 => minute % 10 < 5 ? [flapping, steady] : [steady],
            < 60 => [],
            < 70 => [flapping],
            _ => [],
        });

        Assert.Equal(2, AlertmanagerRoute.Notifications(evaluations));
    }

    private static StockAlert Alert(string name, string entity, string service = "") =>
        StockAlert.From($"{{alertname=\"{name}\", entity=\"{entity}\", service=\"{service}\", severity=\"warning\"}}");

    private static List<StockEvaluation> Minutes(int count, Func<int, IReadOnlyList<StockAlert>> firing) =>
        [.. Enumerable.Range(0, count).Select(minute => new StockEvaluation(TimeSpan.FromMinutes(minute), firing(minute)))];
}
