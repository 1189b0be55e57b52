using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Monitor.Collector.Tests.Web;

/// <summary>The pages and exports over real HTTP, the on-call forms posted as a browser posts them.</summary>
public sealed partial class IncidentPagesTests
{
    [Fact]
    public async Task GetList_ReplayedCty_ShowsUsersAndTheMajorAccidentFlag()
    {
        await using var collector = await StartWithCtyAsync();

        var page = await collector.Http.GetStringAsync("/");

        Assert.Contains("50,511", page, StringComparison.Ordinal);
        Assert.Contains("data-major-accident=\"yes\"", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/incidents/{CtyFixture.IncidentId}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAcknowledge_SignedInOnCallWithATypedName_LandsOnTheTimelineUnderTheSignedInName()
    {
        await using var collector = await StartWithCtyAsync();
        var token = await TokenAsync(collector);

        using var response = await collector.Http.PostAsync(
            $"/incidents/{CtyFixture.IncidentId}/acknowledge",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = "Mallory (typed)" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("acknowledged", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Mallory", page, StringComparison.Ordinal);
        var action = Assert.Single((await collector.Store.GetMergedIncidentAsync(CtyFixture.IncidentId, default))!.Actions);
        Assert.Equal((RunningCollector.OnCallName, Monitor.Collector.Store.OperatorActionKind.Acknowledged), (action.Actor, action.Kind));
    }

    [Fact]
    public async Task PostAcknowledge_SignedInWithOnlyTheAntiforgeryField_RecordsTheSignedInName()
    {
        // What a browser posts once the form has no name field.
        await using var collector = await StartWithCtyAsync();
        var token = await TokenAsync(collector);

        using var response = await collector.Http.PostAsync(
            $"/incidents/{CtyFixture.IncidentId}/acknowledge",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var action = Assert.Single((await collector.Store.GetMergedIncidentAsync(CtyFixture.IncidentId, default))!.Actions);
        Assert.Equal(RunningCollector.OnCallName, action.Actor);
    }

    [Fact]
    public async Task GetIncident_SignedInOnCall_FormsAskForNoName()
    {
        await using var collector = await StartWithCtyAsync();

        var page = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");

        Assert.Contains("id=\"acknowledge-form\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("name=\"name\"", page, StringComparison.Ordinal);
        Assert.Contains($"Signed in as {RunningCollector.OnCallName}", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetIncident_SignedInReadOnly_ShowsNoFormsAndSaysWhy()
    {
        await using var collector = await StartWithCtyAsync();
        using var reader = collector.Client(collector.Reader);

        var page = await reader.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");

        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        Assert.Contains($"Signed in as {RunningCollector.ReaderName} (read-only)", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostNote_UserNoticePosted_MarksTheFirstNoticeDeadlineDone()
    {
        await using var collector = await StartWithCtyAsync();
        var token = await TokenAsync(collector);

        await collector.Http.PostAsync(
            $"/incidents/{CtyFixture.IncidentId}/notes",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["kind"] = "user-notice", ["text"] = "第1報をHPに掲載" }));

        var view = await collector.Views.GetAsync(CtyFixture.IncidentId, default);
        Assert.NotNull(view!.Deadlines.Single(d => d.Kind == Monitor.Collector.Regulation.DeadlineKind.FirstUserNotice).DoneAt);
        Assert.Contains("第1報 ", await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}/report.ja.md"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAcknowledge_WithoutAntiforgeryToken_IsRefusedAndRecordsNothing()
    {
        await using var collector = await StartWithCtyAsync();

        using var response = await collector.Http.PostAsync(
            $"/incidents/{CtyFixture.IncidentId}/acknowledge",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "Mallory" }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty((await collector.Store.GetMergedIncidentAsync(CtyFixture.IncidentId, default))!.Actions);
    }

    [Fact]
    public async Task PostResolve_AnonymousOnCallWithoutName_AsksForItAndRecordsNothing()
    {
        // A lab network without sign-in: the form asks for a name, as before sign-in existed.
        await using var collector = await RunningCollector.StartWithoutWebUsersAsync("--Collector:Web:Anonymous=on-call");
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        using var anonymous = collector.Client(null);
        var token = await TokenAsync(anonymous);

        using var response = await anonymous.PostAsync(
            $"/incidents/{CtyFixture.IncidentId}/resolve",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = " " }));

        Assert.Contains("Your name is required", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await collector.Store.GetMergedIncidentAsync(CtyFixture.IncidentId, default))!.Actions);
    }

    [Fact]
    public async Task PostAcknowledge_AnonymousOnCallWithName_RecordsTheTypedName()
    {
        await using var collector = await RunningCollector.StartWithoutWebUsersAsync("--Collector:Web:Anonymous=on-call");
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        using var anonymous = collector.Client(null);
        var page = await anonymous.GetStringAsync($"/incidents/{CtyFixture.IncidentId}");
        var token = TokenField().Match(page).Groups[1].Value;

        await anonymous.PostAsync(
            $"/incidents/{CtyFixture.IncidentId}/acknowledge",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = "佐藤 (lab)" }));

        Assert.Contains("name=\"name\"", page, StringComparison.Ordinal);
        var action = Assert.Single((await collector.Store.GetMergedIncidentAsync(CtyFixture.IncidentId, default))!.Actions);
        Assert.Equal("佐藤 (lab)", action.Actor);
    }

    [Fact]
    public async Task PostResolve_OpenIncident_ResolvesItByHand()
    {
        await using var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyIncident.Push(CtyIncident.Revision(1)));
        var token = await TokenAsync(collector, CtyIncident.Id);

        await collector.Http.PostAsync(
            $"/incidents/{CtyIncident.Id}/resolve",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["text"] = "agent host gone" }));

        var view = await collector.Views.GetAsync(CtyIncident.Id, default);
        Assert.True(view!.IsResolved);
        Assert.Equal(RunningCollector.OnCallName, view.ResolvedByPerson?.Actor);
    }

    [Fact]
    public async Task GetExports_Cty_ServeMarkdownInBothLanguagesPrintableHtmlAndJson()
    {
        await using var collector = await StartWithCtyAsync();
        var id = CtyFixture.IncidentId;

        var japanese = await collector.Http.GetStringAsync($"/incidents/{id}/report.ja.md");
        var english = await collector.Http.GetStringAsync($"/incidents/{id}/report.en.md");
        var html = await collector.Http.GetStringAsync($"/incidents/{id}/report.html?lang=en");
        var svg = await collector.Http.GetStringAsync($"/incidents/{id}/users.svg");
        using var json = JsonDocument.Parse(await collector.Http.GetStringAsync($"/incidents/{id}/report.json"));

        Assert.Contains("最大50,511人 (契約数ベース)", japanese, StringComparison.Ordinal);
        Assert.Contains("At most 50,511 users (contract basis)", english, StringComparison.Ordinal);
        Assert.Contains("@media print", html, StringComparison.Ordinal);
        Assert.Contains("<svg", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"en\">", html, StringComparison.Ordinal);
        Assert.StartsWith("<svg", svg, StringComparison.Ordinal);
        Assert.Equal("Yes", json.RootElement.GetProperty("classification").GetProperty("majorAccident").GetString());
        Assert.Equal(5, json.RootElement.GetProperty("classification").GetProperty("category").GetInt32());
        Assert.Equal("ja", json.RootElement.GetProperty("report").GetProperty("language").GetString());
        Assert.Contains(
            json.RootElement.GetProperty("report").GetProperty("sections").EnumerateArray().SelectMany(s => s.GetProperty("blocks").EnumerateArray()),
            block => block.GetProperty("type").GetString() == "chart");
    }

    [Fact]
    public async Task GetRevisionsJsonLines_Cty_GivesBackWhatTheAgentPushed()
    {
        await using var collector = await StartWithCtyAsync();

        var lines = (await collector.Http.GetStringAsync($"/api/incidents/{CtyFixture.IncidentId}/revisions.jsonl")).TrimEnd('\n').Split('\n');

        Assert.Equal(CtyFixture.Revisions.Count, lines.Length);
        Assert.Equal(CtyFixture.Latest, Google.Protobuf.JsonParser.Default.Parse<Monitor.Contracts.V1.IncidentRevision>(lines[^1]));
    }

    [Fact]
    public async Task GetIncident_ProblemTextInTheQuery_ShowsOnlyMessagesTheCollectorWrote()
    {
        // Issue 13: ?problem= showed any text a link carried, on the collector's own page.
        await using var collector = await StartWithCtyAsync();

        var forged = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}?problem={Uri.EscapeDataString("Session expired: sign in again at https://evil.example")}");
        var known = await collector.Http.GetStringAsync($"/incidents/{CtyFixture.IncidentId}?problem=name-required");

        Assert.DoesNotContain("evil.example", forged, StringComparison.Ordinal);
        Assert.DoesNotContain("role=\"alert\"", forged, StringComparison.Ordinal);
        Assert.Contains("Your name is required: the timeline records who did what.", known, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/incidents/{id}")]
    [InlineData("/incidents/{id}/report.html")]
    [InlineData("/incidents/{id}/report.docx")]
    [InlineData("/incidents/{id}/report.ja.md")]
    [InlineData("/incidents/{id}/users.svg")]
    [InlineData("/api/incidents")]
    [InlineData("/healthz")]
    [InlineData("/incidents/inc-unknown")]
    public async Task Get_AnyPage_SendsContentSecurityPolicyAndNoSniff(string path)
    {
        await using var collector = await StartWithCtyAsync();

        using var response = await collector.Http.GetAsync(path.Replace("{id}", CtyFixture.IncidentId, StringComparison.Ordinal));

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
    }

    private static async Task<RunningCollector> StartWithCtyAsync()
    {
        var collector = await RunningCollector.StartAsync();
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        return collector;
    }

    private static Task<string> TokenAsync(RunningCollector collector, string? id = null) => TokenAsync(collector.Http, id);

    private static async Task<string> TokenAsync(HttpClient client, string? id = null)
    {
        var page = await client.GetStringAsync($"/incidents/{id ?? CtyFixture.IncidentId}");
        return TokenField().Match(page).Groups[1].Value;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
