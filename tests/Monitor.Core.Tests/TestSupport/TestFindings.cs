using Monitor.Core.Findings;

namespace Monitor.Core.Tests.TestSupport;

/// <summary>Findings made by hand, for the stages after the rules.</summary>
internal static class TestFindings
{
    public static Finding Make(string entity, string kind, int sinceMinute) =>
        new(entity, kind, "test", Severity.Critical, $"{kind} at {entity}", WindowBuilder.At(sinceMinute), [], "seed 001 (CTY, 2017)");

    /// <summary>Everything CTY's rules saw on 13 January 2017, controller A failing at minute 13.</summary>
    public static Finding[] CtySet() =>
    [
        Make(TestSite.CtlA, FindingKinds.ControllerFailed, 13),
        Make(TestSite.CtlB, FindingKinds.DegradedOverloadIops, 13),
        Make(TestSite.CtlB, FindingKinds.LatencyAccumulation, 16),
        Make(TestSite.Volume, FindingKinds.PathsDegraded, 13),
        Make(TestSite.Pop3, FindingKinds.ServiceDown, 20),
    ];
}
