using Monitor.Collector.Reports;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Reports;

/// <summary>正常時の動作の流れ comes from the site's topology (contract v1.4), never from the failure chain.</summary>
public sealed class MicReportNormalFlowTests
{
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void Build_Cty_DrawsTheNormalPathFromUsersThroughBothPathsToTheVolume()
    {
        var flow = NormalFlow(CtyFixture.Latest, ReportLanguage.Japanese);

        Assert.Contains("①CTY 電子メールサービス（cty-mail）: メールの受付（SMTP）、メールの送信（SMTP）、メールの受信（POP3）、メールの閲覧（IMAP）、Webメール", flow, StringComparison.Ordinal);
        Assert.Contains(
            "利用者 ⇒ mail01（メールサーバ（仮想マシン）） ⇒ 経路 mail01:ctl-a（HBAポート host1 → ストレージコントローラ ctl-a）・経路 mail01:ctl-b（HBAポート host2 → ストレージコントローラ ctl-b）の2経路 ⇒ ボリューム vol-mail（メールボックスと利用者情報を格納するボリューム（共用ストレージ上））",
            flow,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Build_Cty_SaysNothingOfTheFailureChain()
    {
        var flow = NormalFlow(CtyFixture.Latest, ReportLanguage.Japanese);

        // The chain's relations ("hands its load to", "stores data for") and its findings belong to 事故発生時の動作の流れ.
        Assert.DoesNotContain("負荷の引継ぎ", flow, StringComparison.Ordinal);
        Assert.DoesNotContain("データの格納", flow, StringComparison.Ordinal);
        Assert.DoesNotContain("停止", flow, StringComparison.Ordinal);
        Assert.DoesNotContain("cty-mail/pop3", flow, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_CtyInEnglish_IsTheSameFlowWithTheJapaneseOnlyRolesMarked()
    {
        var flow = NormalFlow(CtyFixture.Latest, ReportLanguage.English);

        Assert.Contains("(1) CTY 電子メールサービス† (cty-mail): receiving mail (SMTP), sending mail (SMTP), reading mail (POP3), reading mail (IMAP), webmail", flow, StringComparison.Ordinal);
        Assert.Contains(
            "Users ⇒ mail01 (メールサーバ（仮想マシン）†) ⇒ path mail01:ctl-a (HBA port host1 → storage controller ctl-a) and path mail01:ctl-b (HBA port host2 → storage controller ctl-b) (2 paths) ⇒ volume vol-mail (メールボックスと利用者情報を格納するボリューム（共用ストレージ上）†)",
            flow,
            StringComparison.Ordinal);
        Assert.Contains("†: written in Japanese only, as the topology gives it", flow, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_OldAgentWithoutPaths_AsksAPersonAndQuotesNoChain()
    {
        var revision = CtyFixture.Latest;
        revision.Site.Paths.Clear();
        revision.Site.Services.Clear();

        var flow = NormalFlow(revision, ReportLanguage.Japanese);

        Assert.Contains("【要記入】 正常時の動作の流れを構成図に沿って記載してください（監視エージェントがトポロジの経路を送っていません）。", flow, StringComparison.Ordinal);
        Assert.DoesNotContain("ctl-a", flow, StringComparison.Ordinal);
    }

    [Fact]
    public void Build_GeneratedSiteOfThreeHostsFourControllersTwoVolumesTwoServices_OneLinePerHostUnderEachService()
    {
        var revision = CtyFixture.Latest;
        revision.Site = GeneratedSite();

        var flow = NormalFlow(revision, ReportLanguage.Japanese);
        var lines = flow.Split('\n');

        Assert.Contains("①A メール（mail-a）: メールの受付（SMTP）、メールの受信（POP3）", lines);
        Assert.Contains("②B メール（mail-b）: メールの閲覧（IMAP）", lines);
        Assert.Equal(3, lines.Count(l => l.StartsWith("- 利用者 ⇒ ", StringComparison.Ordinal)));
        foreach (var (host, first, second, volume) in new[] { ("h1", "c1", "c2", "vol-1"), ("h2", "c1", "c2", "vol-1"), ("h3", "c3", "c4", "vol-2") })
        {
            Assert.Contains(
                $"- 利用者 ⇒ {host}（メールサーバ{host}） ⇒ 経路 {host}:{first}（HBAポート hba1 → ストレージコントローラ {first}）・経路 {host}:{second}（HBAポート hba2 → ストレージコントローラ {second}）の2経路 ⇒ ボリューム {volume}（メールボックス{volume}）",
                lines);
        }

        // mail-b's host appears under mail-b only.
        var serviceB = Array.FindIndex(lines, l => l.StartsWith("②", StringComparison.Ordinal));
        Assert.All(lines.Take(serviceB), l => Assert.DoesNotContain("h3", l, StringComparison.Ordinal));
    }

    [Fact]
    public void Build_HostOutsideEveryService_IsListedOnItsOwn()
    {
        var revision = CtyFixture.Latest;
        revision.Site = GeneratedSite();
        revision.Site.Paths.Add(new SitePath { Entity = "backup1:c3", Host = "backup1", HbaPort = "", Controller = "c3", Volume = "vol-2" });

        var flow = NormalFlow(revision, ReportLanguage.Japanese);

        Assert.Contains("③サービスに属さないホストのI/O", flow, StringComparison.Ordinal);
        Assert.Contains("- backup1（ホスト） ⇒ 経路 backup1:c3（ストレージコントローラ c3） ⇒ ボリューム vol-2（メールボックスvol-2）", flow, StringComparison.Ordinal);
    }

    /// <summary>
    /// What an agent sends for a site no scenario has (the same shape as the agent's generated
    /// topology test): hosts h1-h3, controllers c1-c4 in two pairs, vol-1 behind c1/c2 and vol-2
    /// behind c3/c4, mail-a on h1 and h2, mail-b on h3.
    /// </summary>
    private static SiteContext GeneratedSite()
    {
        var site = new SiteContext { Site = "gen", Location = "第2データセンター", Area = "全国", TimeZone = "Europe/Berlin" };
        var behind = new Dictionary<string, string[]> { ["vol-1"] = ["c1", "c2"], ["vol-2"] = ["c3", "c4"] };
        var volumeOf = new Dictionary<string, string> { ["h1"] = "vol-1", ["h2"] = "vol-1", ["h3"] = "vol-2" };
        foreach (var (host, volume) in volumeOf)
        {
            site.Devices.Add(new Device { Entity = host, EntityType = "Host", Role = $"メールサーバ{host}: 受信と配送" });
            for (var i = 0; i < 2; i++)
            {
                var controller = behind[volume][i];
                site.Paths.Add(new SitePath { Entity = $"{host}:{controller}", Host = host, HbaPort = $"{host}:hba{i + 1}", Controller = controller, Volume = volume });
            }
        }

        foreach (var controller in behind.Values.SelectMany(c => c))
        {
            site.Devices.Add(new Device { Entity = controller, EntityType = "Controller", Role = $"コントローラ{controller}" });
        }

        foreach (var volume in behind.Keys)
        {
            site.Devices.Add(new Device { Entity = volume, EntityType = "Volume", Role = $"メールボックス{volume}" });
        }

        site.Services.Add(new SiteService { Service = "mail-a", DisplayName = "A メール", Hosts = { "h1", "h2" }, Volumes = { "vol-1" }, Functions = { "smtp-in", "pop3" } });
        site.Services.Add(new SiteService { Service = "mail-b", DisplayName = "B メール", Hosts = { "h3" }, Volumes = { "vol-2" }, Functions = { "imap" } });
        return site;
    }

    /// <summary>The Markdown of the section 正常時の動作の流れ / Normal flow alone.</summary>
    private static string NormalFlow(IncidentRevision revision, ReportLanguage language)
    {
        var document = MicReport.Build(SeedRevisions.View(revision), language, Tokyo);
        var section = document.Sections.Single(s => s.Heading is "正常時の動作の流れ" or "Normal flow");
        var markdown = ReportMarkdown.Render(document with { Sections = [section] });
        return markdown[markdown.IndexOf("# ", markdown.IndexOf(section.Heading, StringComparison.Ordinal) - 2, StringComparison.Ordinal)..];
    }
}
