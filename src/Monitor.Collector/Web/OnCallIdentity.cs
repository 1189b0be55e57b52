namespace Monitor.Collector.Web;

/// <summary>
/// Who did an on-call action. Today the pages have no sign-in, so the person types a name; once
/// authentication exists (issue 6) the signed-in user wins and the field is ignored. This is the
/// only place that decides it.
/// </summary>
public static class OnCallIdentity
{
    /// <summary>Longest name accepted from the form.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The actor for an action, or a problem to show when there is none.</summary>
    public static (string? Actor, string? Problem) Who(HttpContext context, string? typedName)
    {
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } signedIn })
        {
            return (signedIn, null);
        }

        var name = typedName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return (null, "Your name is required: the timeline records who did what.");
        }

        return name.Length > MaxNameLength
            ? (null, $"The name is {name.Length} characters long; at most {MaxNameLength}.")
            : (name, null);
    }
}
