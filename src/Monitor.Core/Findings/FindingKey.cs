namespace Monitor.Core.Findings;

/// <summary>
/// Identifies a finding across evaluations: the same kind of trouble at the same entity, seen in
/// the same place. Two hosts of one service failing logins at once are two findings of one kind
/// at one service function, told apart by their <see cref="Scope"/>.
/// </summary>
/// <param name="Entity">Topology entity id.</param>
/// <param name="Kind">What was found, e.g. "controller_failed".</param>
/// <param name="Scope">Where within the entity it was seen (<see cref="Finding.Scope"/>), or null.</param>
public readonly record struct FindingKey(string Entity, string Kind, string? Scope = null)
{
    /// <inheritdoc/>
    public override string ToString() => Scope is null ? $"{Kind}@{Entity}" : $"{Kind}@{Entity} on {Scope}";
}
