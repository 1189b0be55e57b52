using Monitor.Core.Findings.Messages;
using Monitor.Core.Signals;

namespace Monitor.Core.Findings;

/// <summary>
/// What a rule saw: trouble of some kind at one entity, with the samples that show it and one
/// sentence an on-call engineer understands at 3 a.m.
/// </summary>
/// <param name="Entity">Topology entity id.</param>
/// <param name="Kind">What was found, e.g. "degraded_overload_iops".</param>
/// <param name="Rule">Name of the rule that found it.</param>
/// <param name="Severity">How urgent.</param>
/// <param name="Explanation">One sentence, with the figures.</param>
/// <param name="Since">When the trouble began, as far as the samples show.</param>
/// <param name="Evidence">The samples that made the rule fire.</param>
/// <param name="Lesson">The seed incident the rule encodes, e.g. "seed 001 (CTY, 2017)".</param>
public sealed record Finding(
    string Entity,
    string Kind,
    string Rule,
    Severity Severity,
    string Explanation,
    DateTimeOffset Since,
    IReadOnlyList<Sample> Evidence,
    string Lesson)
{
    /// <summary>A finding with the severity its kind is reported with (<see cref="FindingKind.Severity"/>).</summary>
    /// <param name="entity">Topology entity id.</param>
    /// <param name="kind">What was found, one of <see cref="FindingKinds"/>.</param>
    /// <param name="rule">Name of the rule that found it.</param>
    /// <param name="explanation">One sentence, with the figures.</param>
    /// <param name="since">When the trouble began, as far as the samples show.</param>
    /// <param name="evidence">The samples that made the rule fire.</param>
    /// <param name="lesson">The seed incident the rule encodes.</param>
    public Finding(string entity, string kind, string rule, string explanation, DateTimeOffset since, IReadOnlyList<Sample> evidence, string lesson)
        : this(entity, kind, rule, FindingKinds.Describe(kind).Severity, explanation, since, evidence, lesson)
    {
    }

    /// <summary>
    /// What tells this finding apart from another of its kind at the same entity, or null when
    /// nothing needs to: the mail host for the mail rules, which see one service through each of
    /// its hosts (the same trouble on two hosts is two findings, and both count).
    /// </summary>
    public string? Scope { get; init; }

    /// <summary>
    /// The sentence as a catalogue entry and its arguments (<see cref="MessageCatalogue"/>), from
    /// which <see cref="Explanation"/> was written in English and a report writes its own
    /// language; null from a rule that writes its explanation by hand.
    /// </summary>
    public FindingMessage? Message { get; init; }

    /// <summary>The finding's identity across evaluations.</summary>
    public FindingKey Key => new(Entity, Kind, Scope);
}
