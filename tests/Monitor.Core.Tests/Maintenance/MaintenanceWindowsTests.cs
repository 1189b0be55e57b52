using Monitor.Core.Events;
using Monitor.Core.Findings;
using Monitor.Core.Maintenance;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Maintenance;

public sealed class MaintenanceWindowsTests
{
    private static SiteEvent Window(string entity, int fromMinute, int untilMinute, string text = "firmware update of ctl-a") =>
        new(WindowBuilder.At(fromMinute), SiteEventKind.Change, entity, "change-calendar", text, WindowBuilder.At(untilMinute));

    private static MaintenanceWindows Observed(params SiteEvent[] events)
    {
        var windows = new MaintenanceWindows(TestSite.TwoStorages);
        windows.Observe(events, WindowBuilder.At(10));
        return windows;
    }

    [Fact]
    public void Apply_PlannableKindDownstreamOfAnOpenWindow_IsInfoAndNamesTheWindow()
    {
        var windows = Observed(Window(TestSite.CtlA, 5, 60));

        var finding = Assert.Single(windows.Apply([TestFindings.Make(TestSite.Volume, FindingKinds.PathsDegraded, 10)], WindowBuilder.At(10)));

        Assert.Equal(Severity.Info, finding.Severity);
        Assert.StartsWith($"{FindingKinds.PathsDegraded} at {TestSite.Volume} (planned: firmware update of ctl-a, until ", finding.Explanation, StringComparison.Ordinal);
        Assert.EndsWith($"{TestSite.TwoStorages.Clock(WindowBuilder.At(60))})", finding.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_KindUsersFeel_StaysAsItIs()
    {
        var windows = Observed(Window(TestSite.CtlA, 5, 60));
        var overload = TestFindings.Make(TestSite.CtlB, FindingKinds.DegradedOverloadIops, 10);
        var down = TestFindings.Make(TestSite.Pop3, FindingKinds.ServiceDown, 10);

        Assert.Equal([overload, down], windows.Apply([overload, down], WindowBuilder.At(10)));
    }

    [Fact]
    public void Apply_EntityTheWindowDoesNotReach_StaysAsItIs()
    {
        var windows = Observed(Window(TestSite.CtlA, 5, 60));
        var elsewhere = TestFindings.Make(TestSite.CtlC, FindingKinds.ControllerFailed, 10);

        Assert.Equal(Severity.Critical, Assert.Single(windows.Apply([elsewhere], WindowBuilder.At(10))).Severity);
    }

    [Fact]
    public void Apply_BeforeTheWindowOpens_StaysAsItIs()
    {
        var windows = Observed(Window(TestSite.CtlA, 20, 60));

        var finding = Assert.Single(windows.Apply([TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 10)], WindowBuilder.At(10)));

        Assert.Equal(Severity.Critical, finding.Severity);
    }

    [Fact]
    public void Observe_WindowOver_IsForgotten()
    {
        var windows = Observed(Window(TestSite.CtlA, 5, 30));

        windows.Observe([], WindowBuilder.At(31));

        Assert.Equal(0, windows.Count);
        Assert.Equal(Severity.Critical, Assert.Single(windows.Apply([TestFindings.Make(TestSite.CtlA, FindingKinds.ControllerFailed, 31)], WindowBuilder.At(31))).Severity);
    }

    [Fact]
    public void Observe_ChangeWithoutEnd_IsNoWindow()
    {
        var change = new SiteEvent(WindowBuilder.At(5), SiteEventKind.Change, TestSite.CtlA, "firmware", "firmware 2.1 on ctl-a");

        Assert.Equal(0, Observed(change).Count);
    }
}
