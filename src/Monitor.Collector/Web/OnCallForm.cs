namespace Monitor.Collector.Web;

/// <summary>The fields of the on-call forms on the incident page.</summary>
public sealed class OnCallForm
{
    /// <summary>The person's name when acting without signing in (<c>Collector:Web:Anonymous</c> = <c>on-call</c>); ignored once signed in.</summary>
    public string? Name { get; set; }

    /// <summary>The note, or an optional comment on an acknowledgement or resolve.</summary>
    public string? Text { get; set; }

    /// <summary>For a note: "note", "user-notice", "regulator-report" or "detailed-report".</summary>
    public string? Kind { get; set; }
}
