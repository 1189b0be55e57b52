using Monitor.Core.Findings;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Rules;

public sealed class RuleContextTests
{
    [Fact]
    public void Fresh_NewestPointOlderThanStaleAfter_ReturnsNothing()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerUp, 1, 1);
        var context = window.Context(window.Newest.AddMinutes(5).AddSeconds(1));

        Assert.Empty(context.Fresh(TestSite.CtlA, MetricCatalog.ControllerUp, 2));
        Assert.Null(context.FreshValue(TestSite.CtlA, MetricCatalog.ControllerUp));
    }

    [Fact]
    public void Fresh_NewestPointRecent_ReturnsTheNewestPoints()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerIops, 1, 2, 3);
        var context = window.Context();

        Assert.Equal([2.0, 3.0], context.Fresh(TestSite.CtlA, MetricCatalog.ControllerIops, 2).Select(p => p.Value));
        Assert.Equal(3.0, context.FreshValue(TestSite.CtlA, MetricCatalog.ControllerIops));
    }

    [Fact]
    public void RunStart_TrailingRun_ReturnsItsFirstPoint()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 1, 0, 0, 0);

        Assert.Equal(WindowBuilder.At(2), window.Context().RunStart(TestSite.CtlA, MetricCatalog.ControllerUp, v => v == 0));
    }

    [Fact]
    public void RunStart_NewestPointDoesNotHold_ReturnsNull()
    {
        var window = new WindowBuilder().Series(TestSite.CtlA, MetricCatalog.ControllerUp, 0, 0, 1);

        Assert.Null(window.Context().RunStart(TestSite.CtlA, MetricCatalog.ControllerUp, v => v == 0));
    }

    [Fact]
    public void Onset_RememberedEarlier_WinsOverTheWindow()
    {
        var key = new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed);
        var context = new WindowBuilder().Context(onsets: new Dictionary<FindingKey, DateTimeOffset> { [key] = WindowBuilder.At(-30) });

        Assert.Equal(WindowBuilder.At(-30), context.Onset(TestSite.CtlA, FindingKinds.ControllerFailed, WindowBuilder.At(5)));
        Assert.Equal(WindowBuilder.At(5), context.Onset(TestSite.CtlB, FindingKinds.ControllerFailed, WindowBuilder.At(5)));
    }

    [Fact]
    public void Onset_RememberedLater_TheWindowWins()
    {
        var key = new FindingKey(TestSite.CtlA, FindingKinds.ControllerFailed);
        var context = new WindowBuilder().Context(onsets: new Dictionary<FindingKey, DateTimeOffset> { [key] = WindowBuilder.At(9) });

        Assert.Equal(WindowBuilder.At(5), context.Onset(TestSite.CtlA, FindingKinds.ControllerFailed, WindowBuilder.At(5)));
    }
}
