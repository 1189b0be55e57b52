namespace Monitor.Collector.Regulation;

/// <summary>Whom a recorded notice went to.</summary>
public enum RecordedNoticeKind
{
    /// <summary>A notice to users: the web site's first notice or an update (第1報, 第2報 …).</summary>
    UserNotice,

    /// <summary>A contact with the regulator (総務省, MIC).</summary>
    RegulatorContact,
}
