using Monitor.Collector.Web.Authentication;

namespace Monitor.Collector.Web;

/// <summary>
/// Who did an on-call action: the signed-in user (or token) when there is one, and the typed
/// name otherwise, which only happens when <c>Collector:Web:Anonymous</c> is <c>on-call</c> (a
/// closed lab network). This is the only place that decides it.
/// </summary>
public static class OnCallIdentity
{
    /// <summary>Longest name accepted from the form.</summary>
    public const int MaxNameLength = 100;

    /// <summary>The actor for an action, or the code of the problem (<see cref="OnCallProblems"/>) when there is none.</summary>
    public static (string? Actor, string? Problem) Who(HttpContext context, string? typedName)
    {
        if (SignedInName(context) is { } signedIn)
        {
            return (signedIn, null);
        }

        var name = typedName?.Trim() ?? "";
        if (name.Length == 0)
        {
            return (null, OnCallProblems.NameRequired);
        }

        return name.Length > MaxNameLength
            ? (null, OnCallProblems.NameTooLong)
            : (name, null);
    }

    /// <summary>The person looking at a page with <paramref name="role"/>, and what the on-call forms should ask of them.</summary>
    internal static OnCallViewer Viewer(HttpContext context, WebRole role) =>
        new(SignedInName(context), role >= WebRole.OnCall);

    private static string? SignedInName(HttpContext context) =>
        context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } signedIn } ? signedIn : null;
}
