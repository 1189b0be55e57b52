namespace Monitor.Collector.Store;

/// <summary>
/// Named leases among collector replicas that share one database: a duty (sending alerts) that
/// one replica at a time holds until the lease expires, by the database's clock, so the
/// replicas' own clocks never decide between two holders.
/// </summary>
public interface ILeaseStore
{
    /// <summary>
    /// Takes lease <paramref name="name"/> for <paramref name="holder"/> for <paramref name="duration"/>
    /// when it is free, expired or already <paramref name="holder"/>'s (a renewal); true when
    /// <paramref name="holder"/> holds it now.
    /// </summary>
    Task<bool> TryHoldLeaseAsync(string name, string holder, TimeSpan duration, CancellationToken cancellationToken);

    /// <summary>Gives lease <paramref name="name"/> up if <paramref name="holder"/> holds it, so another replica takes it at once.</summary>
    Task ReleaseLeaseAsync(string name, string holder, CancellationToken cancellationToken);

    /// <summary>Who holds lease <paramref name="name"/> now, or null when nobody does (free or expired).</summary>
    Task<string?> LeaseHolderAsync(string name, CancellationToken cancellationToken);
}
