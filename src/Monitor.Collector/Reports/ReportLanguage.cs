namespace Monitor.Collector.Reports;

/// <summary>The language of a rendering: Japanese for the regulator, English for everyone else.</summary>
public enum ReportLanguage
{
    /// <summary>Japanese, as MIC's example; the default.</summary>
    Japanese,

    /// <summary>English, section by section the same report.</summary>
    English,
}
