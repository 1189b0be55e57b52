using Microsoft.Playwright;
using Monitor.Collector.Tests;

namespace Monitor.Collector.PeerTests;

/// <summary>
/// Debian's Chromium driven by Playwright against the real collector holding the replayed CTY
/// incident. Each page is kept as a screenshot under TestResults/screenshots/ of this project.
/// </summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private static readonly string Screenshots = Path.Combine(RepositoryPaths.Root, "tests", "Monitor.Collector.PeerTests", "TestResults", "screenshots");

    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private RunningCollector? _collector;

    public async Task InitializeAsync()
    {
        PeerProcess.Require(Chromium, "chromium");
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
    public async Task ListIncidentAndAcknowledge_ReplayedCty_ShowUsersFlagReportChartAndTheNewTimelineEntry()
    {
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        page.SetDefaultTimeout(30_000);

        // The list: the replayed incident with its users and the major-accident flag.
        await page.GotoAsync(_collector!.HttpAddress.ToString());
        var row = page.Locator($"tr[data-incident-id='{CtyFixture.IncidentId}']");
        Assert.Equal("50,511", (await row.Locator("td.users").InnerTextAsync()).Trim());
        Assert.Contains("major accident", await row.Locator("[data-major-accident='yes']").InnerTextAsync(), StringComparison.Ordinal);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "1-incident-list.png"), FullPage = true });

        // The incident page: the report and its chart.
        await row.Locator("a").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{CtyFixture.IncidentId}");
        Assert.Equal("重大な事故報告（下書き）: Storage controller A: controller failed; cty-mail down (50,511 users)", await page.Locator("article.report h1").InnerTextAsync());
        Assert.True(await page.Locator("article.report h2", new() { HasText = "影響利用者数の推移" }).IsVisibleAsync());
        var chart = page.Locator("figure.chart svg");
        Assert.True(await chart.IsVisibleAsync());
        var box = await chart.BoundingBoxAsync();
        Assert.True(box is { Width: > 300, Height: > 100 }, $"the chart is drawn too small: {box?.Width}x{box?.Height}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "2-incident-page.png"), FullPage = true });

        // Acknowledge: a new timeline entry with who.
        var before = await page.Locator("#timeline li").CountAsync();
        await page.Locator("#acknowledge-form input[name='name']").FillAsync("佐藤 (on-call)");
        await page.Locator("#acknowledge-form button").ClickAsync();
        await page.WaitForURLAsync($"**/incidents/{CtyFixture.IncidentId}#timeline");
        var entries = page.Locator("#timeline li.person");
        Assert.Equal(before + 1, await page.Locator("#timeline li").CountAsync());
        Assert.Contains("acknowledged", await entries.Last.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("佐藤 (on-call)", await entries.Last.InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#timeline").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "3-acknowledged.png"), FullPage = true });

        // The printable report, as it goes to paper.
        await page.GotoAsync($"{_collector.HttpAddress}incidents/{CtyFixture.IncidentId}/report.html");
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        Assert.True(await page.Locator("figure.chart svg").IsVisibleAsync());
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, "4-printable-report.png"), FullPage = true });
    }
}
