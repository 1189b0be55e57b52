using System.Reflection;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Monitor.Core.Correlation;
using Monitor.Core.Findings;
using Monitor.Core.Incidents;
using Monitor.Core.Rules;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Correlation;

/// <summary>
/// Properties of correlation over generated findings: entities drawn from the test site's real
/// topology, kinds from <see cref="FindingKinds"/>, onsets within the last hour and a half.
/// 200 cases each; a failure prints FsCheck's seed, and `[Property(Replay = "...")]` replays it.
/// </summary>
public sealed class CorrelatorPropertyTests
{
    private const int Cases = 200;

    private static readonly DateTimeOffset Now = WindowBuilder.At(120);

    private static readonly string[] Kinds =
    [
        .. typeof(FindingKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!),
    ];

    private static readonly string[] CtyEntities = [.. TestSite.Cty.Entities.Select(e => e.Id).Order(StringComparer.Ordinal)];

    // The second storage and its service: nothing of it reaches the CTY site, nor the reverse.
    private static readonly string[] OtherEntities =
        [.. TestSite.TwoStorages.Entities.Select(e => e.Id).Where(id => TestSite.Cty.Find(id) is null).Order(StringComparer.Ordinal)];

    private static readonly string[] AllEntities = [.. CtyEntities, .. OtherEntities];

    [Fact]
    public void Generators_DrawFromEveryKindAndBothStorages()
    {
        Assert.Contains(FindingKinds.ControllerFailed, Kinds);
        Assert.Contains(FindingKinds.ServiceDown, Kinds);
        Assert.Equal(Kinds.Length, Kinds.Distinct(StringComparer.Ordinal).Count());
        Assert.Contains(TestSite.CtlA, CtyEntities);
        Assert.Contains(TestSite.Pop3, CtyEntities);
        Assert.Contains(TestSite.CtlC, OtherEntities);
        Assert.Contains(TestSite.OtherPop3, OtherEntities);
    }

    [Fact]
    public void TwoStorages_SecondStorage_ReachesNothingOfTheFirstNorTheReverse()
    {
        var crossing = from cty in CtyEntities
                       from other in OtherEntities
                       where TestSite.TwoStorages.Reaches(cty, other) || TestSite.TwoStorages.Reaches(other, cty)
                       select $"{cty} <-> {other}";

        Assert.Empty(crossing);
    }

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Correlate_SameFindingsInAnyOrder_GivesTheSameCandidates() =>
        Prop.ForAll(Permuted(Findings(AllEntities, Gen.Elements(Severity.Warning, Severity.Critical))).ToArbitrary(), pair =>
        {
            var correlator = new Correlator(TestSite.TwoStorages);

            var first = Describe(correlator.Correlate(pair.First));
            var second = Describe(correlator.Correlate(pair.Second));

            return first.SequenceEqual(second, StringComparer.Ordinal)
                .Label($"in one order:   {string.Join(" | ", first)}\nin the other:   {string.Join(" | ", second)}");
        });

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Update_SameFindingsInAnyOrder_OpensTheSameIncidents() =>
        Prop.ForAll(Permuted(Findings(AllEntities, Gen.Elements(Severity.Warning, Severity.Critical))).ToArbitrary(), pair =>
        {
            // Two evaluations, each tracker seeing the orders the other way round.
            var one = new IncidentTracker(TestSite.TwoStorages, new IncidentLifecycleOptions(), new DetectionOptions().WindowLength, "agent-1");
            var other = new IncidentTracker(TestSite.TwoStorages, new IncidentLifecycleOptions(), new DetectionOptions().WindowLength, "agent-1");

            var first = Track(one, pair.First, Now).Concat(Track(one, pair.Second, Now.AddMinutes(1))).ToList();
            var second = Track(other, pair.Second, Now).Concat(Track(other, pair.First, Now.AddMinutes(1))).ToList();

            return (first.SequenceEqual(second, StringComparer.Ordinal) && (first.Count > 0) == pair.First.Any(f => f.Severity == Severity.Critical))
                .Label($"in one order:   {string.Join(" | ", first)}\nin the other:   {string.Join(" | ", second)}");
        });

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Correlate_NoiseOnAnUnrelatedStorage_KeepsTheRootCauses() =>
        Prop.ForAll(WithNoise(Findings(OtherEntities, Gen.Elements(Severity.Info, Severity.Warning, Severity.Critical))).ToArbitrary(), c =>
            SameRoots(c.Findings, c.Noisy));

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Update_NoiseOnAnUnrelatedStorage_KeepsTheIncidentsAndRootCauses() =>
        Prop.ForAll(WithNoise(Findings(OtherEntities, Gen.Elements(Severity.Info, Severity.Warning, Severity.Critical))).ToArbitrary(), c =>
            SameIncidents(c.Findings, c.Noisy));

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Correlate_InfoFindingsThatExplainNothing_KeepTheRootCauses() =>
        Prop.ForAll(WithNoise(Findings(AllEntities, Gen.Constant(Severity.Info)), explainingNothing: true).ToArbitrary(), c =>
            SameRoots(c.Findings, c.Noisy));

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Update_InfoFindingsThatExplainNothing_KeepTheIncidentsAndRootCauses() =>
        Prop.ForAll(WithNoise(Findings(AllEntities, Gen.Constant(Severity.Info)), explainingNothing: true).ToArbitrary(), c =>
            SameIncidents(c.Findings, c.Noisy));

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Compare_GeneratedFindings_IsAntisymmetric() =>
        Prop.ForAll(Findings(AllEntities, Gen.Elements(Severity.Info, Severity.Warning, Severity.Critical), minutes: 3).ToArbitrary(), findings =>
        {
            var order = new CauseOrder(TestSite.TwoStorages);
            var broken = (from x in findings
                          from y in findings
                          let xy = Math.Sign(order.Compare(x, y))
                          let yx = Math.Sign(order.Compare(y, x))
                          where xy != -yx || (xy == 0) != (x.Key == y.Key && x.Since == y.Since)
                          select $"{x.Key}@{x.Since:HH:mm} vs {y.Key}@{y.Since:HH:mm}: {xy}, {yx}").ToList();

            return (broken.Count == 0).Label(string.Join("\n", broken.Take(5)));
        });

    [Property(MaxTest = Cases, QuietOnSuccess = true)]
    public Property Compare_GeneratedFindings_IsTransitive() =>
        Prop.ForAll(Findings(AllEntities, Gen.Elements(Severity.Info, Severity.Warning, Severity.Critical), minutes: 3).ToArbitrary(), findings =>
        {
            var order = new CauseOrder(TestSite.TwoStorages);
            var broken = (from x in findings
                          from y in findings
                          from z in findings
                          where order.Compare(x, y) < 0 && order.Compare(y, z) < 0 && order.Compare(x, z) >= 0
                          select $"{x.Key} < {y.Key} < {z.Key} but not {x.Key} < {z.Key}").ToList();

            return (broken.Count == 0).Label(string.Join("\n", broken.Take(5)));
        });

    // One to 24 findings (a busy evaluation cycle) at distinct (entity, kind), onsets in the
    // first `minutes` minutes.
    private static Gen<Finding[]> Findings(string[] entities, Gen<Severity> severity, int minutes = 90) =>
        from count in Gen.Choose(1, 24)
        from list in (from entity in Gen.Elements(entities)
                      from kind in Gen.Elements(Kinds)
                      from minute in Gen.Choose(0, minutes)
                      from level in severity
                      select TestFindings.Make(entity, kind, minute) with { Severity = level }).ArrayOf(count)
        select list.DistinctBy(f => f.Key).ToArray();

    private static Gen<(Finding[] First, Finding[] Second)> Permuted(Gen<Finding[]> findings) =>
        from set in findings
        from first in Gen.Shuffle(set)
        from second in Gen.Shuffle(set)
        select (first, second);

    // The CTY site's own findings (at least one critical, so there is an incident), and the
    // same findings with noise mixed in, in any order. Info findings are noise only where they
    // explain none of the site's findings: one that does (a planned failover of the controller
    // upstream, which the pipeline marks Info) is a cause by design and may become the root.
    private static Gen<NoisyCase> WithNoise(Gen<Finding[]> noise, bool explainingNothing = false) =>
        (from findings in Findings(CtyEntities, Gen.Elements(Severity.Warning, Severity.Critical))
            .Where(set => set.Any(f => f.Severity == Severity.Critical))
         from extra in noise
         let kept = extra.Where(n => findings.All(f => f.Key != n.Key)
             && !(explainingNothing && findings.Any(f => new Correlator(TestSite.TwoStorages).Explains(n, f))))
         from noisy in Gen.Shuffle(findings.Concat(kept))
         select new NoisyCase(findings, noisy))
        .Where(c => c.Noisy.Length > c.Findings.Length);

    private static Property SameRoots(Finding[] findings, Finding[] noisy)
    {
        var before = CtyRoots(findings);
        var after = CtyRoots(noisy);

        return (before.Count > 0 && before.SequenceEqual(after))
            .Label($"roots without noise {string.Join(", ", before)}; with noise {string.Join(", ", after)}; noise: {Noise(findings, noisy)}");
    }

    private static Property SameIncidents(Finding[] findings, Finding[] noisy)
    {
        var before = CtyIncidents(findings);
        var after = CtyIncidents(noisy);

        return (before.Count > 0 && before.SequenceEqual(after, StringComparer.Ordinal))
            .Label($"incidents without noise {string.Join(", ", before)}; with noise {string.Join(", ", after)}; noise: {Noise(findings, noisy)}");
    }

    // Roots of the CTY site's candidates that hold more than Info findings: noise may add
    // candidates of its own, but only those are ever acted on (the tracker ignores the rest).
    private static List<FindingKey> CtyRoots(Finding[] findings) =>
        [
            .. new Correlator(TestSite.TwoStorages).Correlate(findings)
                .Where(c => TestSite.Cty.Find(c.Root.Entity) is not null && c.All.Any(f => f.Severity > Severity.Info))
                .Select(c => c.Root.Key),
        ];

    // Incident id and root of every incident the tracker opens on the CTY site.
    private static List<string> CtyIncidents(Finding[] findings) =>
        [
            .. new IncidentTracker(TestSite.TwoStorages, new IncidentLifecycleOptions(), new DetectionOptions().WindowLength, "agent-1")
                .Update(Now, new Correlator(TestSite.TwoStorages).Correlate(findings), [])
                .Where(r => TestSite.Cty.Find(r.RootCause.Entity) is not null)
                .Select(r => $"{r.IncidentId} {r.RootCause.Key}")
                .Order(StringComparer.Ordinal),
        ];

    private static string Noise(Finding[] findings, Finding[] noisy) =>
        string.Join(", ", noisy.Where(n => !findings.Contains(n)).Select(n => $"{n.Key} ({n.Severity})"));

    private static IEnumerable<string> Describe(IReadOnlyList<IncidentCandidate> candidates) =>
        candidates.Select(c => $"{c.Root.Key} <- {string.Join(", ", c.Symptoms.Select(s => s.Key.ToString()).Order(StringComparer.Ordinal))}");

    private static IEnumerable<string> Track(IncidentTracker tracker, Finding[] findings, DateTimeOffset now) =>
        tracker.Update(now, new Correlator(TestSite.TwoStorages).Correlate(findings), [])
            .Select(r => $"{r.IncidentId} r{r.Revision} {r.State} {r.RootCause.Key} <- "
                + string.Join(", ", r.Symptoms.Select(s => s.Key.ToString()).Order(StringComparer.Ordinal)))
            .Order(StringComparer.Ordinal);

    private sealed record NoisyCase(Finding[] Findings, Finding[] Noisy);
}
