using Monitor.Core.Findings;
using Monitor.Core.Incidents;

namespace Monitor.Core.Pipeline;

/// <summary>What one evaluation produced.</summary>
/// <param name="Time">Evaluation time.</param>
/// <param name="Findings">Findings that hold now.</param>
/// <param name="Revisions">Incident revisions made now, to push.</param>
public sealed record EvaluationResult(DateTimeOffset Time, IReadOnlyList<Finding> Findings, IReadOnlyList<IncidentRevision> Revisions);
