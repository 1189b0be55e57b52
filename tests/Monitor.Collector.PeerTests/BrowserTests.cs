using Microsoft.Playwright;
using Monitor.Collector.Tests;
using Xunit.Abstractions;

namespace Monitor.Collector.PeerTests;

/// <summary>
/// Debian's Chromium driven by Playwright against the real collector holding the replayed CTY
/// incident, signed in as the on-call user as a person would (the browser answers the Basic
/// challenge). Each page is kept as a screenshot under TestResults/screenshots/ of this project.
/// </summary>
public sealed class BrowserTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Collector.PeerTests", "TestResults", "screenshots");

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private RunningCollector? _collector;

    public async Task InitializeAsync()
    {
        RunningProgram.Require(Chromium, "chromium");
        Directory.CreateDirectory(Screenshots);
        _collector = await RunningCollector.StartAsync();
        await _collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }
    }

    [Fact]
    public async Task ListIncidentAndAcknowledge_SignedInOnCall_ShowUsersFlagReportChartAndTheNewTimelineEntryUnderTheSignedInName()
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            HttpCredentials = new HttpCredentials { Username = RunningCollector.OnCallName, Password = _collector!.Secrets.OnCallPassword },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        // The list: the replayed incident with its users and the major-accident flag.
        await page.GotoAsync(_collector.HttpAddress.ToString());
        var row = page.Locator($"tr[data-incident-id='{CtyFixture.IncidentId}']");
        Assert.Equal("50,511", (await row.Locator("td.users").InnerTextAsync()).Trim());
        Assert.Contains("major accident", await row.Locator("[data-major-accident='yes']").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "1-incident-list.png"), FullPage = true });

        // The incident page: the report and its chart.
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{CtyFixture.IncidentId}");
        Assert.Equal("重大な事故報告（下書き）: ストレージコントローラの停止によるCTY 電子メールサービスの停止（影響利用者数50,511人）", await page.Locator("article.report h1").InnerTextAsync());
        Assert.True(await page.Locator("article.report h2", new() { HasText = "影響利用者数の推移" }).IsVisibleAsync());
        var chart = page.Locator("figure.chart svg");
        Assert.True(await chart.IsVisibleAsync());
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 100 }, $"the chart is drawn too small: {box?.Width}x{box?.Height}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "2-incident-page.png"), FullPage = true });

        // Acknowledge: no name to type; a new timeline entry with the signed-in user.
        var before = await page.Locator("#timeline li").CountAsync();
        Assert.Equal(0, await page.Locator("#acknowledge-form input[name='name']").CountAsync());
        await page.Locator("#acknowledge-form button").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{CtyFixture.IncidentId}#timeline");
        var entries = page.Locator("#timeline li.person");
        Assert.Equal(before + 1, await page.Locator("#timeline li").CountAsync());
        Assert.Contains("acknowledged", await entries.Last.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains($"— {RunningCollector.OnCallName}", await entries.Last.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#timeline").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "3-acknowledged.png"), FullPage = true });

        // The printable report, as it goes to paper.
        await page.GotoAsync($"{_collector.HttpAddress}incidents/{CtyFixture.IncidentId}/report.html");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await page.Locator("figure.chart svg").IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "4-printable-report.png"), FullPage = true });
    }

    [Fact]
    public async Task OpenIncident_CollectorInUtc_ShowsTheSitesLocalTimeAndTheJapaneseRegulationPanelRendered()
    {
        // The collector's own zone is UTC; CTY's agent says Asia/Tokyo: 08:53 on Friday the 13th, not 23:53 on the 12th.
        await using var utc = await RunningCollector.StartAsync("--Collector:TimeZone=Etc/UTC");
        await utc.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            HttpCredentials = new HttpCredentials { Username = RunningCollector.OnCallName, Password = utc.Secrets.OnCallPassword },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync($"{utc.HttpAddress}incidents/{CtyFixture.IncidentId}");

        var facts = await page.Locator("#facts").InnerTextAsync();
        Assert.Contains("Fri 13 Jan 2017 08:53", facts, StringComparison.Ordinal);
        Assert.DoesNotContain("23:53", facts, StringComparison.Ordinal);
        var heading = page.Locator("#regulation h2 span[lang='ja']");
        Assert.Equal("報告区分と期限", await heading.InnerTextAsync());
        Assert.Equal("利用者への第1報", await page.Locator("#regulation td span[lang='ja']").First.InnerTextAsync());
        Assert.True(await page.Locator("article.report h2", new() { HasText = "正常時の動作の流れ" }).IsVisibleAsync());

        // Rendered, not boxes: the page's Japanese font has the glyphs, and seven of them take real width.
        Assert.True(await page.EvaluateAsync<bool>("() => document.fonts.check('16px \"Noto Sans CJK JP\"', '報告区分と期限')"));
        var box = await heading.BoundingBoxAsync();
        Assert.True(box is { Width: > 60, Height: > 10 }, $"the Japanese heading is drawn too small: {box?.Width}x{box?.Height}");

        await page.Locator("#regulation").ScrollIntoViewIfNeededAsync();
        var screenshot = Path.Combine(Screenshots, "5-site-local-time-and-japanese.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = false });
        output.WriteLine($"screenshot: {screenshot}");
        Assert.True(new FileInfo(screenshot).Length > 10_000);
    }

    [Fact]
    public async Task OpenList_WrongPassword_IsRefusedWith401AndSaysWhy()
    {
        // Chromium asks once with the given password, then shows the 401 page.
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = RunningCollector.OnCallName, Password = "not-the-password" },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        var response = await page.GotoAsync(_collector!.HttpAddress.ToString());

        Assert.Equal(401, response!.Status);
        Assert.Contains("Sign-in refused: the user name or the password is wrong", await page.Locator("body").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await page.Locator("tr[data-incident-id]").CountAsync());
    }

    [Fact]
    public async Task OpenIncident_ReadOnlyUser_ShowsTheReportButNoForms()
    {
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = RunningCollector.ReaderName, Password = _collector!.Secrets.ReaderPassword },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync($"{_collector.HttpAddress}incidents/{CtyFixture.IncidentId}");

        Assert.True(await page.Locator("figure.chart svg").IsVisibleAsync());
        Assert.Equal(0, await page.Locator("#on-call form").CountAsync());
        Assert.Contains("(read-only)", await page.Locator("#signed-in").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_FromAPageReadWithoutSigningIn_BrowserAsksThenTheOnCallUserAcknowledges()
    {
        // A lab network where anyone reads; acting still needs an on-call user.
        await using var lab = await RunningCollector.StartAsync("--Collector:Web:Anonymous=read-only");
        await lab.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        await using var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            HttpCredentials = new HttpCredentials { Username = RunningCollector.OnCallName, Password = lab.Secrets.OnCallPassword },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync($"{lab.HttpAddress}incidents/{CtyFixture.IncidentId}");
        Assert.Equal(0, await page.Locator("#on-call form").CountAsync());
        await page.Locator("#sign-in a").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{CtyFixture.IncidentId}");
        await page.Locator("#acknowledge-form button").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{CtyFixture.IncidentId}#timeline");

        var action = Assert.Single((await lab.Store.GetMergedIncidentAsync(CtyFixture.IncidentId, default))!.Actions);
        Assert.Equal(RunningCollector.OnCallName, action.Actor);
    }
}
