using System.Reflection;
using System.Text.RegularExpressions;
using Monitor.Core.Findings;

namespace Monitor.Core.Tests.Findings;

/// <summary>
/// The vocabulary is whole: every kind a rule can emit is registered, and every registered kind
/// is fully described. A kind missing here used to fail silently (rank last, never planned, no users).
/// </summary>
public sealed partial class FindingKindsTests
{
    // Every FindingKinds.X a rule names; methods and properties (Describe, All) are not kinds.
    private static IReadOnlySet<string> KindsNamedByRules()
    {
        var rules = Path.GetDirectoryName(RepositoryPaths.File("src/Monitor.Core/Rules/IRule.cs"))!;
        var constants = typeof(FindingKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!, StringComparer.Ordinal);
        return Directory.EnumerateFiles(rules, "*.cs")
            .SelectMany(file => KindReference().Matches(File.ReadAllText(file)).Select(m => m.Groups["name"].Value))
            .Where(name => constants.ContainsKey(name) || typeof(FindingKinds).GetMember(name).Length == 0)
            .Select(name => constants.TryGetValue(name, out var kind) ? kind : $"<no constant FindingKinds.{name}>")
            .ToHashSet(StringComparer.Ordinal);
    }

    [Fact]
    public void Rules_EveryKindTheyEmit_IsRegistered()
    {
        var named = KindsNamedByRules();

        // The scan itself must see the rules, or it proves nothing.
        Assert.Contains(FindingKinds.ControllerFailed, named);
        Assert.Contains(FindingKinds.MailDeferredDns, named);
        Assert.All(named, kind => Assert.True(FindingKinds.IsRegistered(kind), $"'{kind}' is emitted by a rule but not in FindingKinds.All"));
    }

    [Fact]
    public void All_EveryConstant_IsRegistered()
    {
        var constants = typeof(FindingKinds).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!);

        Assert.Equal(constants.Order(StringComparer.Ordinal), FindingKinds.All.Select(k => k.Name).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void All_EveryKind_HasBothNamesAndAUniqueRankInListOrder()
    {
        Assert.All(FindingKinds.All, kind =>
        {
            Assert.False(string.IsNullOrWhiteSpace(kind.EnglishName), $"{kind.Name} has no English name");
            Assert.False(string.IsNullOrWhiteSpace(kind.JapaneseName), $"{kind.Name} has no Japanese name");
            Assert.True(kind.JapaneseName.Any(c => c > '\u3000'), $"{kind.Name}'s Japanese name '{kind.JapaneseName}' is not Japanese");
        });
        Assert.Equal(Enumerable.Range(0, FindingKinds.All.Count), FindingKinds.All.Select(k => k.CauseRank));
        Assert.Equal(FindingKinds.All.Count, FindingKinds.All.Select(k => k.Name).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(FindingKinds.All.Count, FindingKinds.All.Select(k => k.EnglishName).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(FindingKinds.All.Count, FindingKinds.All.Select(k => k.JapaneseName).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Describe_UnknownKind_RanksLastIsNotPlannedAndHitsNoUser()
    {
        var unknown = FindingKinds.Describe("something_new");

        Assert.False(FindingKinds.IsRegistered("something_new"));
        Assert.True(unknown.CauseRank >= FindingKinds.All.Count);
        Assert.False(unknown.Plannable);
        Assert.Equal(UserImpact.None, unknown.UserImpact);
        Assert.Equal("something_new", unknown.EnglishName);
    }

    // The behaviour the five private sets had before they became the vocabulary.
    [Fact]
    public void All_PlannableAndUserImpact_AreThoseOfBefore()
    {
        Assert.Equal(
            [FindingKinds.ControllerFailed, FindingKinds.FcOpticalPowerLow, FindingKinds.FcPortErrors, FindingKinds.FcPortMarginal, FindingKinds.DriveFailurePredicted, FindingKinds.VolumeRebuilding, FindingKinds.PathsLost, FindingKinds.PathsDegraded],
            FindingKinds.All.Where(k => k.Plannable).Select(k => k.Name));
        Assert.Equal(
            [.. DeliveryKinds, FindingKinds.MailDeferredDns, FindingKinds.MailQueueBacklog, FindingKinds.MailLoss, FindingKinds.ServiceDown, FindingKinds.ServiceSlow],
            FindingKinds.All.Where(k => k.UserImpact.Reach == UserReach.AllContracts).Select(k => k.Name));
        Assert.Equal(
            [.. DeliveryKinds, FindingKinds.MailDeferredDns, FindingKinds.MailQueueBacklog, FindingKinds.MailLoss, FindingKinds.LoginFailures, FindingKinds.ServiceSlow],
            FindingKinds.All.Where(k => k.UserImpact.Effect == FunctionEffect.Degrades).Select(k => k.Name));
        Assert.Equal([FindingKinds.ServiceDown], FindingKinds.All.Where(k => k.UserImpact.Effect == FunctionEffect.Stops).Select(k => k.Name));
        Assert.Equal([FindingKinds.LoginFailures], FindingKinds.All.Where(k => k.UserImpact.Reach == UserReach.ObservedUsers).Select(k => k.Name));
        Assert.Equal(
            [FindingKinds.FcOpticalPowerLow, FindingKinds.FcPortErrors, FindingKinds.FcPortMarginal, FindingKinds.DriveFailurePredicted, FindingKinds.VolumeRebuilding, FindingKinds.StoreFilling, FindingKinds.SmallIoShift, FindingKinds.N1HeadroomIops, FindingKinds.N1HeadroomThroughput],
            FindingKinds.All.Where(k => k.Severity == Severity.Warning).Select(k => k.Name));
    }

    // A failing store causes the backlog (seed 000: the store could not keep up, mail queued),
    // never the reverse; causes come before what they cause, layer by layer.
    [Theory]
    [InlineData(FindingKinds.FcPortErrors, FindingKinds.FcPortMarginal)]
    [InlineData(FindingKinds.StoreFilling, FindingKinds.MailboxStoreFull)]
    [InlineData(FindingKinds.FcPortMarginal, FindingKinds.GrayPath)]
    [InlineData(FindingKinds.PathsLost, FindingKinds.DegradedOverloadIops)]
    [InlineData(FindingKinds.SmallIoShift, FindingKinds.N1HeadroomIops)]
    [InlineData(FindingKinds.DegradedOverloadIops, FindingKinds.LatencyAccumulation)]
    [InlineData(FindingKinds.LatencyAccumulation, FindingKinds.MailboxStoreUnavailable)]
    [InlineData(FindingKinds.MailboxStoreFull, FindingKinds.MailQueueBacklog)]
    [InlineData(FindingKinds.MailboxDeliveryFailing, FindingKinds.MailQueueBacklog)]
    [InlineData(FindingKinds.MailboxBindingBroken, FindingKinds.MailLoss)]
    [InlineData(FindingKinds.MailDeferredDns, FindingKinds.MailQueueBacklog)]
    [InlineData(FindingKinds.MailQueueBacklog, FindingKinds.MailLoss)]
    [InlineData(FindingKinds.MailLoss, FindingKinds.ServiceDown)]
    [InlineData(FindingKinds.ServiceDown, FindingKinds.UsersAffected)]
    public void CauseRank_ACauseRanksBeforeWhatItCauses(string cause, string consequence)
    {
        Assert.True(
            FindingKinds.CauseRank(cause) < FindingKinds.CauseRank(consequence),
            $"{cause} (rank {FindingKinds.CauseRank(cause)}) causes {consequence} (rank {FindingKinds.CauseRank(consequence)}) and must rank before it");
    }

    private static readonly string[] DeliveryKinds =
        [FindingKinds.MailboxStoreUnavailable, FindingKinds.MailboxStoreFull, FindingKinds.MailboxBindingBroken, FindingKinds.MailboxDeliveryFailing];

    [GeneratedRegex(@"\bFindingKinds\.(?<name>[A-Za-z0-9_]+)")]
    private static partial Regex KindReference();
}
