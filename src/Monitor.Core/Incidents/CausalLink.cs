namespace Monitor.Core.Incidents;

/// <summary>One hop of a causal chain: trouble at <paramref name="From"/> reached <paramref name="To"/>.</summary>
/// <param name="From">Upstream entity.</param>
/// <param name="To">Downstream entity, or a population key for the last hop to the users.</param>
/// <param name="Relation">How, in words.</param>
/// <param name="ObservedKinds">What the rules saw at <paramref name="To"/>, if anything.</param>
public sealed record CausalLink(string From, string To, string Relation, IReadOnlyList<string> ObservedKinds);
