using Monitor.Core.Findings;
using Monitor.Core.Impact;
using Monitor.Core.Signals;
using Monitor.Core.Tests.TestSupport;

namespace Monitor.Core.Tests.Impact;

public sealed class ObservedUsersTests
{
    private static readonly UserHash Hash = new("test key, sixteen bytes or more"u8);
    private readonly FailingUsers _store = new(ThreeHostSite.Site, TimeSpan.FromHours(2));

    private void Failed(int minute, string host, string protocol, string login) =>
        Assert.True(_store.Add(Hash.Sighting(WindowBuilder.At(minute), host, protocol, login)));

    private static Finding LoginFailing(string entity, int sinceMinute) => TestFindings.Make(entity, FindingKinds.LoginFailures, sinceMinute);

    private Dictionary<string, long> Count(ObservedUsers observed, params Finding[] active)
    {
        observed.Absorb(_store, active);
        return ImpactAssessment.AffectedUsers(ThreeHostSite.Site, active, observed).ToDictionary(p => p.PopulationKey, p => p.Count);
    }

    [Fact]
    public void Absorb_OneUserFailingOnPop3AndImapOfThreeHosts_CountsOnce()
    {
        foreach (var host in ThreeHostSite.Hosts)
        {
            Failed(10, host, "pop3", "alice@retail.example.jp");
            Failed(11, host, "imap", "Alice@retail.example.jp");
        }

        var counts = Count(new ObservedUsers(), LoginFailing(ThreeHostSite.Pop3, 10), LoginFailing(ThreeHostSite.Imap, 11));

        Assert.Equal(new Dictionary<string, long> { [ThreeHostSite.Retail] = 1 }, counts);
    }

    [Fact]
    public void Absorb_UsersOfTwoPopulations_EachInTheirOwnAndNoneTwice()
    {
        for (var i = 0; i < 1_723; i++)
        {
            Failed(10 + (i % 20), ThreeHostSite.Hosts[i % 3], i % 2 == 0 ? "pop3" : "imap", i < 1_000 ? $"r{i}@retail.example.jp" : $"b{i}@biz.example.jp");
        }

        var counts = Count(new ObservedUsers(), LoginFailing(ThreeHostSite.Pop3, 10), LoginFailing(ThreeHostSite.Imap, 10));

        Assert.Equal(new Dictionary<string, long> { [ThreeHostSite.Business] = 723, [ThreeHostSite.Retail] = 1_000 }, counts);
    }

    [Fact]
    public void Absorb_OverTime_UnionsEveryInterval()
    {
        var observed = new ObservedUsers();
        var finding = LoginFailing(ThreeHostSite.Pop3, 10);
        for (var minute = 10; minute < 40; minute++)
        {
            // 100 users a minute, half of them already seen the minute before: 1,550 people in all.
            for (var i = 0; i < 100; i++)
            {
                Failed(minute, ThreeHostSite.Hosts[i % 3], "pop3", $"u{(minute * 50) + i}@retail.example.jp");
            }

            observed.Absorb(_store, [finding]);
        }

        Assert.Equal(1_550, Count(observed, finding)[ThreeHostSite.Retail]);
    }

    [Fact]
    public void Absorb_FailuresBeforeTheOnsetOrOfAnotherService_NotCounted()
    {
        Failed(0, "mail01", "pop3", "early@retail.example.jp");
        Failed(30, "mail01", "pop3", "storm@retail.example.jp");
        Failed(30, "mail03", "pop3", "other@small.example.jp");

        var counts = Count(new ObservedUsers(), LoginFailing(ThreeHostSite.Pop3, 30));

        Assert.Equal(new Dictionary<string, long> { [ThreeHostSite.Retail] = 1 }, counts);
    }

    [Fact]
    public void AffectedUsers_UnattributedAndTheServiceDown_OnlyTheContracts()
    {
        Failed(10, "mail01", "pop3", "nodomain");
        var observed = new ObservedUsers();
        var active = new[] { LoginFailing(ThreeHostSite.Pop3, 10), TestFindings.Make(ThreeHostSite.Imap, FindingKinds.ServiceDown, 10) };
        observed.Absorb(_store, active);

        var counts = ImpactAssessment.AffectedUsers(ThreeHostSite.Site, active, observed).ToDictionary(p => p.PopulationKey, p => p.Count);

        Assert.Equal(new Dictionary<string, long> { [ThreeHostSite.Business] = ThreeHostSite.BusinessContracts, [ThreeHostSite.Retail] = ThreeHostSite.RetailContracts }, counts);
    }

    [Fact]
    public void Forget_PastTheWindow_TheServiceIsNoLongerIdentified()
    {
        Failed(0, "mail01", "pop3", "alice@retail.example.jp");
        Assert.True(_store.Identifies(ThreeHostSite.Service));

        _store.Forget(WindowBuilder.At(0) + TimeSpan.FromHours(2) + FailingUsers.BucketLength + TimeSpan.FromMinutes(1));

        Assert.False(_store.Identifies(ThreeHostSite.Service));
    }
}
