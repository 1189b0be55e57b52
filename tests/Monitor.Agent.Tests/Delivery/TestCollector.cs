using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Monitor.Contracts.V1;

namespace Monitor.Agent.Tests.Delivery;

/// <summary>
/// A minimal gRPC collector of the tests' own on Kestrel (the real one's TLS is built apart):
/// plaintext h2c, or TLS with a given server certificate, optionally requiring a client
/// certificate from a given CA. It records every call (size, the client certificate's CN, the
/// authorization header), refuses the next calls with the statuses a test queues, and
/// acknowledges everything else as stored.
/// </summary>
internal sealed class TestCollector : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestCollector(WebApplication app, string address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>Where it listens, e.g. "https://127.0.0.1:41234".</summary>
    public string Address { get; }

    /// <summary>Every call received, refused or not, in order.</summary>
    public ConcurrentQueue<ReceivedPush> Received { get; } = new();

    /// <summary>The next calls are refused with these statuses, one each.</summary>
    public ConcurrentQueue<StatusCode> Refusals { get; } = new();

    /// <summary>Refuses a call whose request it returns a status for (after the queued refusals).</summary>
    public Func<PushRevisionsRequest, Status?>? Refuse { get; set; }

    /// <summary>Idempotency keys acknowledged, in order.</summary>
    public IReadOnlyList<string> Acknowledged => [.. _acknowledged];

    private readonly ConcurrentQueue<string> _acknowledged = new();

    public static async Task<TestCollector> StartAsync(
        string? certificatePem = null,
        string? keyPem = null,
        string? clientCaPem = null,
        IPAddress? listen = null,
        int? maxReceiveMessageSize = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(o => o.MaxReceiveMessageSize = maxReceiveMessageSize ?? 4 * 1024 * 1024);
        var holder = new Holder();
        builder.Services.AddSingleton(holder);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen ?? IPAddress.Loopback, 0, endpoint =>
        {
            endpoint.Protocols = HttpProtocols.Http2;
            if (certificatePem is null)
            {
                return;
            }

            endpoint.UseHttps(https =>
            {
                https.ServerCertificate = X509Certificate2.CreateFromPemFile(certificatePem, keyPem);
                if (clientCaPem is not null)
                {
                    var ca = X509CertificateLoader.LoadCertificateFromFile(clientCaPem);
                    https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
                    https.ClientCertificateValidation = (certificate, _, _) => ChainsTo(certificate, ca);
                }
            });
        }));

        var app = builder.Build();
        app.MapGrpcService<IngestService>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        var collector = new TestCollector(app, address);
        holder.Collector = collector;
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static bool ChainsTo(X509Certificate2 certificate, X509Certificate2 ca)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    private PushRevisionsReply Handle(PushRevisionsRequest request, ServerCallContext context)
    {
        var client = context.GetHttpContext().Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        Received.Enqueue(new ReceivedPush(request, request.CalculateSize(), client, context.RequestHeaders.GetValue("authorization")));
        if (Refusals.TryDequeue(out var code))
        {
            throw new RpcException(new Status(code, $"refused by the test ({code})"));
        }

        if (Refuse?.Invoke(request) is { } status)
        {
            throw new RpcException(status);
        }

        var reply = new PushRevisionsReply();
        foreach (var revision in request.Revisions)
        {
            _acknowledged.Enqueue(revision.IdempotencyKey);
            reply.Acknowledgements.Add(new Acknowledgement { IdempotencyKey = revision.IdempotencyKey, Outcome = AckOutcome.Stored });
        }

        return reply;
    }

    internal sealed class Holder
    {
        public TestCollector? Collector { get; set; }
    }

    internal sealed class IngestService(Holder holder) : IncidentIngest.IncidentIngestBase
    {
        public override Task<PushRevisionsReply> PushRevisions(PushRevisionsRequest request, ServerCallContext context) =>
            Task.FromResult(holder.Collector!.Handle(request, context));
    }
}

/// <summary>One call the test collector received.</summary>
/// <param name="Request">The request.</param>
/// <param name="Bytes">Its serialized size.</param>
/// <param name="ClientName">The client certificate's CN, if one was presented.</param>
/// <param name="Authorization">The authorization header, if sent.</param>
internal sealed record ReceivedPush(PushRevisionsRequest Request, int Bytes, string? ClientName, string? Authorization);
