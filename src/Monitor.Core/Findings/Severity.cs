namespace Monitor.Core.Findings;

/// <summary>How urgent a finding or an incident is.</summary>
public enum Severity
{
    /// <summary>Worth knowing; nobody is paged.</summary>
    Info = 1,

    /// <summary>Something is wrong or about to be; look during working hours.</summary>
    Warning = 2,

    /// <summary>Users are hit or about to be; page on-call.</summary>
    Critical = 3,
}
