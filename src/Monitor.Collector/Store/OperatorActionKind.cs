namespace Monitor.Collector.Store;

/// <summary>What an on-call person did about an incident, as the timeline shows it.</summary>
public enum OperatorActionKind
{
    /// <summary>Someone took the incident ("I am on it").</summary>
    Acknowledged,

    /// <summary>Someone closed the incident by hand; the alert resolves.</summary>
    Resolved,

    /// <summary>A free note.</summary>
    Note,

    /// <summary>The first notice to users was posted (meets the first-notice deadline).</summary>
    UserNoticePosted,

    /// <summary>The first report to MIC was made (meets the regulator's first-report deadline).</summary>
    RegulatorReported,

    /// <summary>The detailed written report was filed (meets the 30-day deadline).</summary>
    DetailedReportFiled,

    /// <summary>The collector alerted on-call (Alertmanager, webhooks); the actor is the collector.</summary>
    AlertSent,

    /// <summary>The collector told on-call the incident resolved; the actor is the collector.</summary>
    AlertResolved,
}
