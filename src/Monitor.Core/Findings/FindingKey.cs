namespace Monitor.Core.Findings;

/// <summary>Identifies a finding across evaluations: the same kind of trouble at the same entity.</summary>
/// <param name="Entity">Topology entity id.</param>
/// <param name="Kind">What was found, e.g. "controller_failed".</param>
public readonly record struct FindingKey(string Entity, string Kind)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Kind}@{Entity}";
}
