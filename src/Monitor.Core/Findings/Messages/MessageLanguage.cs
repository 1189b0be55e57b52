namespace Monitor.Core.Findings.Messages;

/// <summary>The languages the catalogue writes.</summary>
public enum MessageLanguage
{
    /// <summary>English: the agent's explanations, the on-call page, the English report.</summary>
    English,

    /// <summary>Japanese, in the regulator's register: the report filed with MIC.</summary>
    Japanese,
}
