using System.Net;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Web;

/// <summary>
/// Why the collector listens on two ports: on one cleartext Kestrel endpoint that allows
/// HTTP/1.1 and HTTP/2, HTTP/2 with prior knowledge (what gRPC sends without TLS) is refused
/// with HTTP_1_1_REQUIRED, so gRPC and the HTTP/1.1 web endpoints cannot share a port until
/// TLS brings ALPN.
/// If a future Kestrel changes this, these tests fail and the two ports can become one.
/// </summary>
public sealed class CleartextPortTests
{
    [Fact]
    public async Task Http1AndHttp2WithoutTls_GrpcCall_IsRefused()
    {
        await using var app = await StartAsync(HttpProtocols.Http1AndHttp2);
        using var channel = GrpcChannel.ForAddress(AddressOf(app));
        var client = new IncidentIngest.IncidentIngestClient(channel);

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.PushRevisionsAsync(new PushRevisionsRequest()));

        // Kestrel sees the HTTP/2 preface and answers with GOAWAY HTTP_1_1_REQUIRED.
        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.Contains("HTTP_1_1_REQUIRED", error.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http1AndHttp2WithoutTls_Http11Request_IsServed()
    {
        await using var app = await StartAsync(HttpProtocols.Http1AndHttp2);
        using var http = new HttpClient { BaseAddress = AddressOf(app) };

        Assert.Equal("pong", await http.GetStringAsync("/ping"));
    }

    [Fact]
    public async Task Http2OnlyWithoutTls_GrpcCall_IsServed()
    {
        await using var app = await StartAsync(HttpProtocols.Http2);
        using var channel = GrpcChannel.ForAddress(AddressOf(app));
        var client = new IncidentIngest.IncidentIngestClient(channel);

        var reply = await client.PushRevisionsAsync(new PushRevisionsRequest());

        Assert.Empty(reply.Acknowledgements);
    }

    [Fact]
    public async Task Http2OnlyWithoutTls_Http11Request_Fails()
    {
        await using var app = await StartAsync(HttpProtocols.Http2);
        using var http = new HttpClient { BaseAddress = AddressOf(app) };

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync("/ping"));
    }

    private static async Task<WebApplication> StartAsync(HttpProtocols protocols)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var app = builder.Build();
        app.MapGrpcService<EmptyIngest>();
        app.MapGet("/ping", () => "pong");
        await app.StartAsync();
        return app;
    }

    private static Uri AddressOf(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>Answers every push with no acknowledgements: enough to see whether a call gets through.</summary>
    private sealed class EmptyIngest : IncidentIngest.IncidentIngestBase
    {
        public override Task<PushRevisionsReply> PushRevisions(PushRevisionsRequest request, ServerCallContext context) =>
            Task.FromResult(new PushRevisionsReply());
    }
}
