using System.Text.Json;

namespace Monitor.EndToEnd.Tests;

/// <summary>
/// A scenario's expected.json: the ground truth the replay never reads. <see cref="Warnings"/>:
/// findings that must be raised before a time whether or not an incident opens (a precursor
/// that rightly opens none, such as a degrading FC port).
/// </summary>
internal sealed record ScenarioTruth(string Scenario, IReadOnlyList<ExpectedIncident> Incidents, IReadOnlyList<ExpectedFinding>? AllowedWarnings, IReadOnlyList<ExpectedPrecursor>? Warnings = null)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static ScenarioTruth Load(string scenarioDirectory) =>
        JsonSerializer.Deserialize<ScenarioTruth>(File.ReadAllText(Path.Combine(scenarioDirectory, "expected.json")), Json)
        ?? throw new InvalidDataException($"{scenarioDirectory}/expected.json is empty");
}

internal sealed record ExpectedIncident(
    ExpectedFinding RootCause,
    DateTimeOffset Onset,
    DateTimeOffset Recovered,
    TimeSpan Duration,
    ExpectedUsers AffectedUsers,
    IReadOnlyList<ExpectedFinding> SymptomsInclude,
    IReadOnlyList<ExpectedFinding> SymptomsExclude,
    IReadOnlyList<string> ServicesStopped,
    IReadOnlyList<string>? ServicesNotAffected = null,
    bool FailStop = false,
    ExpectedChange? SuspectedChange = null,
    IReadOnlyList<ExpectedPrecursor>? Precursors = null);

internal sealed record ExpectedChange(string Entity, string TextContains);

internal sealed record ExpectedPrecursor(string Entity, string Kind, DateTimeOffset Before);

internal sealed record ExpectedFinding(string Entity, string Kind);

internal sealed record ExpectedUsers(long Max, string Basis, string PopulationKey);
