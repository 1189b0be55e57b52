namespace Monitor.Collector.Store;

/// <summary>
/// What on-call was last told of one merged incident, kept in the store so that whichever
/// replica sends alerts next (after a restart or a take-over) goes on from there instead of
/// telling every webhook again that every incident fires.
/// </summary>
/// <param name="MergedId">The merged incident.</param>
/// <param name="Firing">True once "firing" was sent, false once "resolved" was.</param>
/// <param name="MajorAccident">The major-accident word ("yes", "no", "becomes", "unknown") last sent.</param>
/// <param name="Changes">How many changes were sent (firing, changed, resolved): the number in the webhook's change key.</param>
public sealed record AlertState(string MergedId, bool Firing, string MajorAccident, long Changes);
