using Monitor.Collector.Configuration;

namespace Monitor.Collector.Web.Authentication;

/// <summary>The words a role is written with in <c>Collector:Web</c> and in a signed-in user's claims.</summary>
internal static class WebRoles
{
    /// <summary>The role written <paramref name="word"/>; <c>none</c> (or empty) only when <paramref name="allowNone"/>.</summary>
    public static bool TryParse(string? word, bool allowNone, out WebRole role)
    {
        role = WebRole.None;
        switch (word?.Trim().ToLowerInvariant())
        {
            case WebOptions.ReadOnly:
                role = WebRole.ReadOnly;
                return true;
            case WebOptions.OnCall:
                role = WebRole.OnCall;
                return true;
            case WebOptions.NoOne or "" or null:
                return allowNone;
            default:
                return false;
        }
    }

    /// <summary>The word for <paramref name="role"/>.</summary>
    public static string Word(WebRole role) => role switch
    {
        WebRole.ReadOnly => WebOptions.ReadOnly,
        WebRole.OnCall => WebOptions.OnCall,
        _ => WebOptions.NoOne,
    };
}
