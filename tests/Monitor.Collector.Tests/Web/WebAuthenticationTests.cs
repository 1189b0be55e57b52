using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Monitor.Collector.Tests.Web;

/// <summary>
/// Sign-in and roles on the web endpoint over real HTTP: who gets 401, who gets 403, and that a
/// refused action changes nothing in the store.
/// </summary>
public sealed partial class WebAuthenticationTests
{
    private static readonly string Id = CtyFixture.IncidentId;

    public static TheoryData<string> ProtectedPaths => new()
    {
        "/",
        $"/incidents/{Id}",
        $"/incidents/{Id}/report.ja.md",
        $"/incidents/{Id}/report.en.md",
        $"/incidents/{Id}/report.html?lang=en",
        $"/incidents/{Id}/report.docx?lang=en",
        $"/incidents/{Id}/report.json",
        $"/incidents/{Id}/users.svg",
        "/api/incidents",
        $"/api/incidents/{Id}",
        $"/api/incidents/{Id}/revisions.jsonl",
        $"/api/incidents/{Id}/report.md",
        "/api/summary",
        "/metrics",
    };

    [Theory]
    [MemberData(nameof(ProtectedPaths))]
    public async Task Get_WithoutCredentials_Returns401WithABasicChallenge(string path)
    {
        await using var collector = await StartWithCtyAsync();
        using var anonymous = collector.Client(null);

        using var response = await anonymous.GetAsync(path);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains(response.Headers.WwwAuthenticate, challenge => challenge.Scheme == "Basic" && challenge.Parameter!.Contains("realm=\"Monitor\"", StringComparison.Ordinal));
        Assert.Contains("Sign in", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(ProtectedPaths))]
    public async Task Get_ReadOnlyToken_Returns200(string path)
    {
        await using var collector = await StartWithCtyAsync();
        using var prometheus = collector.Client(collector.ReadOnlyToken);

        using var response = await prometheus.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task GetHealthz_WithoutCredentials_Returns200()
    {
        await using var collector = await StartWithCtyAsync();
        using var probe = collector.Client(null);

        using var response = await probe.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("wrong-password")]
    [InlineData("unknown-user")]
    [InlineData("wrong-token")]
    [InlineData("reader-password-for-on-call-user")]
    [InlineData("not-base64")]
    [InlineData("other-scheme")]
    public async Task Get_WrongCredentials_Returns401(string what)
    {
        await using var collector = await StartWithCtyAsync();
        var authorization = what switch
        {
            "wrong-password" => RunningCollector.BasicOf(RunningCollector.OnCallName, collector.Secrets.OnCallPassword + "x"),
            "unknown-user" => RunningCollector.BasicOf("mallory", collector.Secrets.OnCallPassword),
            "wrong-token" => new AuthenticationHeaderValue("Bearer", collector.Secrets.Token[..^1]),
            "reader-password-for-on-call-user" => RunningCollector.BasicOf(RunningCollector.OnCallName, collector.Secrets.ReaderPassword),
            "not-base64" => new AuthenticationHeaderValue("Basic", "%%%"),
            _ => new AuthenticationHeaderValue("Negotiate", collector.Secrets.Token),
        };
        using var client = collector.Client(authorization);

        using var response = await client.GetAsync("/api/summary");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.StartsWith("Sign-in refused:", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_PasswordAsBearerToken_Returns401()
    {
        await using var collector = await StartWithCtyAsync();
        using var client = collector.Client(new AuthenticationHeaderValue("Bearer", collector.Secrets.OnCallPassword));

        using var response = await client.GetAsync("/api/incidents");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task PostAcknowledge_ReadOnlyToken_Returns403AndStoresNothing()
    {
        await using var collector = await StartWithCtyAsync();

        // A form the on-call user was given (its antiforgery cookie and token), posted with the read-only token.
        var (cookie, token) = await FormTokenAsync(collector);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/incidents/{Id}/acknowledge")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = "reader" }),
        };
        request.Headers.Add("Cookie", cookie);
        request.Headers.Authorization = collector.ReadOnlyToken;
        using var client = collector.Client(null);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("need a user or token with the on-call role", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var merged = await collector.Store.GetMergedIncidentAsync(Id, default);
        Assert.Empty(merged!.Actions);
    }

    [Theory]
    [InlineData("acknowledge")]
    [InlineData("resolve")]
    [InlineData("notes")]
    public async Task Post_ReadOnlyUser_Returns403AndStoresNothing(string action)
    {
        await using var collector = await StartWithCtyAsync();
        using var reader = collector.Client(collector.Reader);

        using var response = await reader.PostAsync(
            $"/incidents/{Id}/{action}",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "suzuki", ["kind"] = "user-notice", ["text"] = "掲載" }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty((await collector.Store.GetMergedIncidentAsync(Id, default))!.Actions);
    }

    [Fact]
    public async Task PostNote_WithoutCredentials_Returns401AndStoresNothing()
    {
        await using var collector = await StartWithCtyAsync();
        using var anonymous = collector.Client(null);

        using var response = await anonymous.PostAsync(
            $"/incidents/{Id}/notes",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "mallory", ["text"] = "forged" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await collector.Store.GetMergedIncidentAsync(Id, default))!.Actions);
    }

    [Fact]
    public async Task PostNote_OnCallUser_TimelineRecordsTheSignedInName()
    {
        await using var collector = await StartWithCtyAsync();
        var token = TokenField().Match(await collector.Http.GetStringAsync($"/incidents/{Id}")).Groups[1].Value;

        using var response = await collector.Http.PostAsync(
            $"/incidents/{Id}/notes",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["name"] = "someone else", ["text"] = "called the vendor" }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var note = Assert.Single((await collector.Store.GetMergedIncidentAsync(Id, default))!.Actions);
        Assert.Equal((RunningCollector.OnCallName, "called the vendor"), (note.Actor, note.Text));
        Assert.Contains($"— {RunningCollector.OnCallName}</span>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoUsersNoTokens_Returns401NamingTheKeysWhileAgentsStillPush()
    {
        await using var collector = await RunningCollector.StartWithoutWebUsersAsync();

        // Agents are not held back by the web pages' sign-in.
        var reply = await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        using var anonymous = collector.Client(null);
        using var response = await anonymous.GetAsync("/");

        Assert.Equal(CtyFixture.Revisions.Count, reply.Acknowledgements.Count);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("Collector:Web:Users", text, StringComparison.Ordinal);
        Assert.Contains("Collector:Web:Tokens", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_AnonymousReadOnly_ServesPagesAndOffersSignIn()
    {
        await using var collector = await StartWithCtyAsync("--Collector:Web:Anonymous=read-only");
        using var anonymous = collector.Client(null);

        using var list = await anonymous.GetAsync("/");
        var page = await anonymous.GetStringAsync($"/incidents/{Id}");

        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.DoesNotContain("<form", page, StringComparison.Ordinal);
        Assert.Contains($"href=\"/sign-in?then=%2Fincidents%2F{Id}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostAcknowledge_AnonymousReadOnly_Returns401AndStoresNothing()
    {
        await using var collector = await StartWithCtyAsync("--Collector:Web:Anonymous=read-only");
        using var anonymous = collector.Client(null);

        using var response = await anonymous.PostAsync($"/incidents/{Id}/acknowledge", new FormUrlEncodedContent(new Dictionary<string, string> { ["name"] = "anyone" }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Empty((await collector.Store.GetMergedIncidentAsync(Id, default))!.Actions);
    }

    [Fact]
    public async Task Get_AnonymousReadOnlyButWrongPassword_Returns401()
    {
        // Credentials that were sent and refused never fall back to anonymous access.
        await using var collector = await StartWithCtyAsync("--Collector:Web:Anonymous=read-only");
        using var client = collector.Client(RunningCollector.BasicOf(RunningCollector.OnCallName, "guess"));

        using var response = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task GetSignIn_OnCallUser_GoesBackToThePage()
    {
        await using var collector = await StartWithCtyAsync("--Collector:Web:Anonymous=read-only");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = collector.HttpAddress };
        client.DefaultRequestHeaders.Authorization = collector.OnCall;

        using var signedIn = await client.GetAsync($"/sign-in?then=%2Fincidents%2F{Id}");
        using var elsewhere = await client.GetAsync("/sign-in?then=//evil.example/");
        client.DefaultRequestHeaders.Authorization = null;
        using var anonymous = await client.GetAsync($"/sign-in?then=%2Fincidents%2F{Id}");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal($"/incidents/{Id}", signedIn.Headers.Location?.OriginalString);
        Assert.Equal("/", elsewhere.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    [Fact]
    public async Task GetMetrics_AnonymousMetrics_Returns200WithoutCredentialsWhilePagesStayClosed()
    {
        await using var collector = await StartWithCtyAsync("--Collector:Web:AnonymousMetrics=true");
        using var prometheus = collector.Client(null);

        using var metrics = await prometheus.GetAsync("/metrics");
        using var page = await prometheus.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, metrics.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
    }

    [Fact]
    public async Task Endpoints_EveryWebEndpointButHealthz_RequiresARoleAndEveryPostOnCall()
    {
        await using var collector = await RunningCollector.StartAsync();
        var endpoints = collector.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<GrpcMethodMetadata>() is null && endpoint.DisplayName?.StartsWith("gRPC - ", StringComparison.Ordinal) != true)
            .ToList();

        // A page or API added later without a policy fails here instead of being open to all.
        Assert.NotEmpty(endpoints);
        Assert.All(endpoints, endpoint =>
        {
            var pattern = endpoint.RoutePattern.RawText;
            var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(data => data.Policy).ToList();
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            if (pattern == "/healthz")
            {
                Assert.Empty(policies);
            }
            else if (methods.Contains("POST") || pattern == "/sign-in")
            {
                Assert.Equal(["on-call"], policies);
            }
            else
            {
                Assert.True(policies is ["read-only"] or ["metrics"], $"{pattern}: {string.Join(", ", policies)}");
            }
        });
    }

    private static async Task<RunningCollector> StartWithCtyAsync(params string[] settings)
    {
        var collector = await RunningCollector.StartAsync(settings);
        await collector.Ingest.PushRevisionsAsync(CtyFixture.Push(CtyFixture.Agent, CtyFixture.Revisions));
        return collector;
    }

    /// <summary>The antiforgery cookie and form token the on-call user's incident page carries.</summary>
    private static async Task<(string Cookie, string Token)> FormTokenAsync(RunningCollector collector)
    {
        var handler = new HttpClientHandler { UseCookies = false };
        using var client = new HttpClient(handler, disposeHandler: true) { BaseAddress = collector.HttpAddress };
        client.DefaultRequestHeaders.Authorization = collector.OnCall;
        using var response = await client.GetAsync($"/incidents/{Id}");
        var cookie = response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        var token = TokenField().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.NotEmpty(token);
        return (cookie, token);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
