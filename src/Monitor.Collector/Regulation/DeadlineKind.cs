namespace Monitor.Collector.Regulation;

/// <summary>The deadlines an incident can put on the timeline.</summary>
public enum DeadlineKind
{
    /// <summary>First notice to users on the web site (target 15 minutes after detection, seed 004).</summary>
    FirstUserNotice,

    /// <summary>First report of a major accident to MIC: 速やかに (施行規則第57条); the target is configured.</summary>
    RegulatorFirstReport,

    /// <summary>Detailed written report of a major accident: within 30 days of the day it occurred.</summary>
    DetailedReport,

    /// <summary>Quarterly report of an accident over the quarterly thresholds: within 2 months after the quarter.</summary>
    QuarterlyReport,
}
