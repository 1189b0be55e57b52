namespace Monitor.Collector.Web;

/// <summary>Who is looking at an incident page, and whether the on-call forms are theirs to use.</summary>
/// <param name="SignedInAs">The signed-in user or token, or null when reading without signing in.</param>
/// <param name="CanAct">True with the on-call role (signed in, or anonymous on a lab network).</param>
internal sealed record OnCallViewer(string? SignedInAs, bool CanAct)
{
    /// <summary>True when the forms must ask for a name: acting without signing in.</summary>
    public bool TypesName => CanAct && SignedInAs is null;
}
