namespace Monitor.Collector.Tests.Reports;

/// <summary>Report files are named so no incident id of any agent can write over another incident's report.</summary>
public sealed class DraftReportLayoutTests
{
    [Fact]
    public async Task Push_IdEndingInDotEnFromAnotherAgent_EachIncidentKeepsItsOwnReports()
    {
        // Issue 13: "inc-1.en" + ".md" was the file of inc-1's English report.
        await using var collector = await RunningCollector.StartAsync();
        var first = CtyIncident.Revision(3, "inc-1");
        var second = CtyIncident.Revision(3, "inc-1.en");
        second.RootCause.Entity = "ctl-b";
        second.Agent = CtyFixture.AgentOn("mail02");
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(first));
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.AgentOn("mail02"), [second]));
        await collector.ReportsWrittenAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var english = await File.ReadAllTextAsync(collector.ReportFile("inc-1", "report.en.md"));
        Assert.Contains("(duration: 3 h 38 min)", english, StringComparison.Ordinal);
        Assert.Contains("（継続時間:3時間38分間）", await File.ReadAllTextAsync(collector.ReportFile("inc-1.en", "report.md", agent: "mail02.cty")), StringComparison.Ordinal);
        Assert.Equal(
            [
                Path.Combine("cty", CtyIncident.Agent.AgentId, "inc-1", "report.en.md"),
                Path.Combine("cty", CtyIncident.Agent.AgentId, "inc-1", "report.md"),
                Path.Combine("cty", CtyIncident.Agent.AgentId, "inc-1", "report.users.svg"),
                Path.Combine("cty", "mail02.cty", "inc-1.en", "report.en.md"),
                Path.Combine("cty", "mail02.cty", "inc-1.en", "report.md"),
                Path.Combine("cty", "mail02.cty", "inc-1.en", "report.users.svg"),
            ],
            Directory.GetFiles(collector.ReportDirectory, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(collector.ReportDirectory, f)).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("cty", "cty")]
    [InlineData("..", "%2E%2E")]
    [InlineData("a/b", "a%2Fb")]
    [InlineData("50%", "50%25")]
    public void FileName_OfASiteOrAgent_IsOneSafePathSegment(string name, string expected)
    {
        Assert.Equal(expected, Monitor.Collector.Reports.DraftReportFiles.FileName(name));
    }
}
