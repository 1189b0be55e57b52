using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Monitor.Agent.Sources;
using Monitor.Agent.Sources.Storage;
using Monitor.Agent.Telemetry;
using Monitor.Core.Events;
using Monitor.Core.Signals;

namespace Monitor.Agent.Tests.Sources.Storage;

/// <summary>
/// The Redfish / Swordfish source against a real HTTP server on loopback that serves the DMTF and
/// SNIA mockups in ../shared/fixtures/redfish-swordfish at the URIs they carry. The service root,
/// collections and Storage resources that link them are built here (the mockups captured only the
/// controllers and metrics), and so are the failover, firmware and error cases.
/// </summary>
public sealed class RedfishTests : IAsyncLifetime
{
    private const string Mpf = "/redfish/v1/Systems/437XR1138R2/Storage/1";
    private const string Swordfish = "/redfish/v1/Storage/IPAttachedDrive1";
    private const string ControllerA = "/redfish/v1/Storage/Array/Controllers/A";
    private const string ControllerB = "/redfish/v1/Storage/Array/Controllers/B";
    private const string PortMetricsPath = "/redfish/v1/Chassis/1U/NetworkAdapters/Slot2/Ports/SCFCP1/Metrics";
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    private readonly TemporaryDirectory _temp = new();
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly SourceHealth _health = new();
    private LoopbackServer _server = null!;

    private static string Fixture(string name) =>
        File.ReadAllText(RepositoryPaths.Fixture("redfish-swordfish", name));

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _temp.Dispose();
    }

    private Redfish Source(Action<RedfishOptions>? configure = null, TimeProvider? clock = null)
    {
        var options = new RedfishOptions
        {
            BaseUri = _server.BaseUri,
            AllowPlainHttp = true,
            Authentication = "None",
            Timeout = TimeSpan.FromSeconds(30),
            Interval = TimeSpan.FromSeconds(30),
        };
        configure?.Invoke(options);
        return new Redfish(options, new SourceContext("mail01", clock ?? _clock, _health, NullLoggerFactory.Instance, new AgentMetrics()));
    }

    private static double Value(SourceReading reading, string entity, string metric) =>
        Assert.Single(reading.Samples, s => s.Entity == entity && s.Metric == metric).Value;

    private static RedfishControllerOptions Controller(string uri, string id) => new() { Uri = uri, Id = id };

    private void ServeMockupTree()
    {
        _server.Json("/redfish/v1", """{"@odata.id": "/redfish/v1", "Systems": {"@odata.id": "/redfish/v1/Systems"}, "Storage": {"@odata.id": "/redfish/v1/Storage"}}""");
        _server.Json("/redfish/v1/Systems", """{"Members": [{"@odata.id": "/redfish/v1/Systems/437XR1138R2"}]}""");
        _server.Json("/redfish/v1/Systems/437XR1138R2", $$$"""{"Id": "437XR1138R2", "Storage": {"@odata.id": "/redfish/v1/Systems/437XR1138R2/Storage"}}""");
        _server.Json("/redfish/v1/Systems/437XR1138R2/Storage", $$$"""{"Members": [{"@odata.id": "{{{Mpf}}}"}]}""");
        _server.Json(Mpf, $$$"""{"Id": "1", "Controllers": {"@odata.id": "{{{Mpf}}}/Controllers"}}""");
        _server.Json($"{Mpf}/Controllers", $$$"""{"Members": [{"@odata.id": "{{{Mpf}}}/Controllers/1"}, {"@odata.id": "{{{Mpf}}}/Controllers/2"}, {"@odata.id": "{{{Mpf}}}/Controllers/3"}]}""");
        _server.Json($"{Mpf}/Controllers/1", Fixture("dmtf_public-mpf_StorageController_1.json"));
        _server.Json($"{Mpf}/Controllers/2", Fixture("dmtf_public-mpf_StorageController_2.json"));
        _server.Json($"{Mpf}/Controllers/3", Fixture("dmtf_public-mpf_StorageController_3.json"));
        _server.Json("/redfish/v1/Storage", $$$"""{"Members": [{"@odata.id": "{{{Swordfish}}}"}]}""");
        _server.Json(Swordfish, $$$"""{"Id": "IPAttachedDrive1", "Controllers": {"@odata.id": "{{{Swordfish}}}/Controllers"}}""");
        _server.Json($"{Swordfish}/Controllers", $$$"""{"Members": [{"@odata.id": "{{{Swordfish}}}/Controllers/NVMeIOController"}]}""");
        _server.Json($"{Swordfish}/Controllers/NVMeIOController", Fixture("snia_swordfish_emulator_NVMeIOController.json"));
    }

    /// <summary>A controller of a dual-controller array, built on the DMTF MPF mockup's controller 1.</summary>
    private static string ArrayController(string id, string state, string health, string firmware)
    {
        var controller = JsonNode.Parse(Fixture("dmtf_public-mpf_StorageController_1.json"))!.AsObject();
        controller["Id"] = id;
        controller["@odata.id"] = $"/redfish/v1/Storage/Array/Controllers/{id}";
        controller["Status"] = new JsonObject { ["State"] = state, ["Health"] = health };
        controller["FirmwareVersion"] = firmware;
        controller["Metrics"] = new JsonObject { ["@odata.id"] = $"/redfish/v1/Storage/Array/Controllers/{id}/Metrics" };
        return controller.ToJsonString();
    }

    private static string IoMetrics(long reads, long writes, long readKiB, long writeKiB, string readTime, string writeTime) => $$$"""
        {"@odata.type": "#StorageControllerMetrics.v1_1_0.StorageControllerMetrics", "Id": "Metrics",
         "IOStatistics": {"ReadIORequests": {{{reads}}}, "WriteIORequests": {{{writes}}}, "ReadHitIORequests": 0,
                          "ReadIOKiBytes": {{{readKiB}}}, "WriteIOKiBytes": {{{writeKiB}}},
                          "ReadIORequestTime": "{{{readTime}}}", "WriteIORequestTime": "{{{writeTime}}}"}}
        """;

    [Fact]
    public async Task ReadOnceAsync_MockupTreeDiscovered_ReportsEveryControllerOfDmtfAndSniaMockupsAsHealthyAndUp()
    {
        ServeMockupTree();
        using var source = Source();

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        var host = new Uri(_server.BaseUri).Host;
        // Named by their Storage resource and their own Id: Redfish Ids are unique only within their collection.
        string[] ids = ["1/1", "1/2", "1/3", "IPAttachedDrive1/NVMeIOController"];
        foreach (var id in ids)
        {
            Assert.Equal(0, Value(reading, $"{host}/{id}", MetricCatalog.ControllerHealth));
            Assert.Equal(1, Value(reading, $"{host}/{id}", MetricCatalog.ControllerUp));
        }

        Assert.Equal(8, reading.Samples.Count);
        Assert.Empty(reading.Events);
        Assert.True(_health.All["redfish"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_Failover_OfflineControllerIsDownAndCriticalWhileItsPartnerCarriesTheLoad()
    {
        // Built case (the CTY outage of seed 001): A stops, its metrics stop answering, B takes A's I/O.
        _server.Json(ControllerA, ArrayController("A", "Enabled", "OK", "1.0.0.7"));
        _server.Json(ControllerB, ArrayController("B", "Enabled", "OK", "1.0.0.7"));
        _server.Json($"{ControllerA}/Metrics", IoMetrics(1000, 500, 4000, 2000, "PT1S", "PT0.5S"));
        _server.Json($"{ControllerB}/Metrics", IoMetrics(2000, 1000, 8000, 4000, "PT2S", "PT1S"));
        using var source = Source(o => o.Controllers = [Controller(ControllerA, "ctl-a"), Controller(ControllerB, "ctl-b")]);

        var first = await source.ReadOnceAsync(CancellationToken.None);
        _server.Json(ControllerA, ArrayController("A", "UnavailableOffline", "Critical", "1.0.0.7"));
        _server.Json($"{ControllerA}/Metrics", """{"error": {"message": "controller offline"}}""", 503);
        _server.Json($"{ControllerB}/Metrics", IoMetrics(2000 + 15_000, 1000 + 5_000, 8000 + 60_000, 4000 + 20_000, "PT8S", "PT5S"));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var second = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(1, Value(first, "ctl-a", MetricCatalog.ControllerUp));
        Assert.DoesNotContain(first.Samples, s => s.Metric == MetricCatalog.ControllerIops);
        Assert.Equal(0, Value(second, "ctl-a", MetricCatalog.ControllerUp));
        Assert.Equal(2, Value(second, "ctl-a", MetricCatalog.ControllerHealth));
        Assert.DoesNotContain(second.Samples, s => s.Entity == "ctl-a" && s.Metric == MetricCatalog.ControllerIops);
        Assert.Equal(1, Value(second, "ctl-b", MetricCatalog.ControllerUp));
        Assert.Equal(0, Value(second, "ctl-b", MetricCatalog.ControllerHealth));
        Assert.Equal(2000, Value(second, "ctl-b", MetricCatalog.ControllerIops), 6);
        Assert.Equal(80_000 * 1024 / 10.0, Value(second, "ctl-b", MetricCatalog.ControllerThroughput), 6);
        // 10 s more of request time (8+5 - 2+1) over 20,000 requests.
        Assert.Equal(0.0005, Value(second, "ctl-b", MetricCatalog.ControllerLatency), 9);
        Assert.True(_health.All["redfish"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_FirmwareChangesBetweenReads_EmitsOneChangeEvent()
    {
        // Built case (Alpha Mail, seed 000): the real mockup's firmware 1.0.0.7, then an update.
        _server.Json(ControllerA, ArrayController("A", "Enabled", "OK", "1.0.0.7"));
        _server.Json($"{ControllerA}/Metrics", IoMetrics(0, 0, 0, 0, "PT0S", "PT0S"));
        using var source = Source(o => o.Controllers = [Controller(ControllerA, "ctl-a")]);

        var first = await source.ReadOnceAsync(CancellationToken.None);
        _server.Json(ControllerA, ArrayController("A", "Enabled", "OK", "1.0.0.8"));
        _clock.Advance(TimeSpan.FromSeconds(30));
        var second = await source.ReadOnceAsync(CancellationToken.None);
        var third = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Empty(first.Events);
        var change = Assert.Single(second.Events);
        Assert.Equal((SiteEventKind.Change, "ctl-a", "redfish", "firmware of ctl-a changed from 1.0.0.7 to 1.0.0.8"), (change.Kind, change.Entity, change.Source, change.Text));
        Assert.Equal(Start.AddSeconds(30), change.Time);
        Assert.Empty(third.Events);
    }

    [Fact]
    public async Task ReadOnceAsync_NvmeControllerWithDsp2046Metrics_ReadsHostCommandsAsIopsAndThroughput()
    {
        // The SNIA controller with a Metrics link added, serving DMTF's DSP2046 StorageControllerMetrics example.
        var controller = JsonNode.Parse(Fixture("snia_swordfish_emulator_NVMeIOController.json"))!.AsObject();
        const string metrics = "/redfish/v1/Systems/Sys-1/Storage/SimplestNVMeSSD/Controllers/NVMeIOController/Metrics";
        controller["Metrics"] = new JsonObject { ["@odata.id"] = metrics };
        _server.Json($"{Swordfish}/Controllers/NVMeIOController", controller.ToJsonString());
        _server.Json(metrics, Fixture("dmtf_DSP2046_StorageControllerMetrics-v1-example.json"));
        using var source = Source(o => o.Controllers = [Controller($"{Swordfish}/Controllers/NVMeIOController", "")]);

        await source.ReadOnceAsync(CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(15));
        var second = await source.ReadOnceAsync(CancellationToken.None);

        var entity = $"{new Uri(_server.BaseUri).Host}/IPAttachedDrive1/NVMeIOController";
        Assert.Equal(0, Value(second, entity, MetricCatalog.ControllerIops));
        Assert.Equal(0, Value(second, entity, MetricCatalog.ControllerThroughput));
        Assert.DoesNotContain(second.Samples, s => s.Metric == MetricCatalog.ControllerLatency);
    }

    [Fact]
    public async Task ReadOnceAsync_FcPortWithDmtfPortMetrics_ReportsOpticalPowerInDbmAndErrorCounterRates()
    {
        // The port resource is built in the shape of DMTF's public-acd SCFCP1 port; its Metrics is the real capture.
        _server.Json(ControllerA, JsonNode.Parse(ArrayController("A", "Enabled", "OK", "1.0.0.7"))!.AsObject()
            .Also(c => c["Ports"] = new JsonObject { ["@odata.id"] = $"{ControllerA}/Ports" }).ToJsonString());
        _server.Json($"{ControllerA}/Metrics", IoMetrics(0, 0, 0, 0, "PT0S", "PT0S"));
        _server.Json($"{ControllerA}/Ports", """{"Members": [{"@odata.id": "/redfish/v1/Chassis/1U/NetworkAdapters/Slot2/Ports/SCFCP1"}]}""");
        _server.Json("/redfish/v1/Chassis/1U/NetworkAdapters/Slot2/Ports/SCFCP1", $$$"""
            {"Id": "SCFCP1", "PortProtocol": "FC", "CurrentSpeedGbps": 32, "LinkStatus": "LinkUp", "Metrics": {"@odata.id": "{{{PortMetricsPath}}}"}}
            """);
        _server.Json(PortMetricsPath, Fixture("dmtf_public-acd_FCPort_SCFCP1_PortMetrics.json"));
        using var source = Source(o => o.Controllers = [Controller(ControllerA, "ctl-a")]);

        var first = await source.ReadOnceAsync(CancellationToken.None);
        _server.Json(PortMetricsPath, WithFibreChannel(invalidCrcs: 10, linkFailures: 1));
        var second = await source.ReadOnceAsync(CancellationToken.None);
        _server.Json(PortMetricsPath, WithFibreChannel(invalidCrcs: 60, linkFailures: 1));
        _clock.Advance(TimeSpan.FromSeconds(10));
        var third = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(10 * Math.Log10(0.06), Value(first, "ctl-a/SCFCP1", MetricCatalog.FcRxPower), 9);
        Assert.Equal(10 * Math.Log10(1.263), Value(first, "ctl-a/SCFCP1", MetricCatalog.FcTxPower), 9);
        Assert.Equal(1, Value(first, "ctl-a/SCFCP1", MetricCatalog.FcPortUp));
        Assert.Equal(32e9, Value(first, "ctl-a/SCFCP1", MetricCatalog.FcPortSpeed));
        Assert.DoesNotContain(second.Samples, s => s.Metric == MetricCatalog.FcInvalidCrc);
        Assert.Equal(5, Value(third, "ctl-a/SCFCP1", MetricCatalog.FcInvalidCrc));
        Assert.Equal(0, Value(third, "ctl-a/SCFCP1", MetricCatalog.FcLinkFailures));
    }

    private static string WithFibreChannel(long invalidCrcs, long linkFailures)
    {
        var metrics = JsonNode.Parse(Fixture("dmtf_public-acd_FCPort_SCFCP1_PortMetrics.json"))!.AsObject();
        metrics["FibreChannel"] = new JsonObject
        {
            ["InvalidCRCs"] = invalidCrcs,
            ["LinkFailures"] = linkFailures,
            ["LossesOfSync"] = 0,
            ["LossesOfSignal"] = 0,
            ["InvalidTXWords"] = 0,
        };
        return metrics.ToJsonString();
    }

    [Fact]
    public void Dbm_NoLightOrBelowTheModuleFloor_IsMinus40()
    {
        Assert.Equal(-40, Redfish.Dbm(0));
        Assert.Equal(-40, Redfish.Dbm(0.00001));
        Assert.Equal(0, Redfish.Dbm(1), 12);
    }

    [Fact]
    public async Task ReadOnceAsync_ServiceAnswers500_FailsNamingTheUrlAndTheServiceMessage()
    {
        _server.Json(ControllerA, """{"error": {"code": "Base.1.8.GeneralError", "message": "A general error has occurred."}}""", 500);
        using var source = Source(o => o.Controllers = [Controller(ControllerA, "ctl-a")]);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source redfish: GET {_server.BaseUri}{ControllerA}: 500 Internal Server Error: A general error has occurred.", error.Message);
        Assert.False(_health.All["redfish"].Ok);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(1000)]
    public async Task ReadOnceAsync_TruncatedJson_FailsNamingTheUrlAndThePosition(int keep)
    {
        // The real controller resource cut short, as a dropped connection or a buggy service leaves it.
        _server.Json(ControllerA, Fixture("dmtf_public-mpf_StorageController_1.json")[..keep]);
        using var source = Source(o => o.Controllers = [Controller(ControllerA, "ctl-a")]);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.StartsWith($"source redfish: GET {_server.BaseUri}{ControllerA}: invalid JSON at line ", error.Message, StringComparison.Ordinal);
        Assert.False(_health.All["redfish"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_GarbageCounter_FailsNamingThePropertyAndTheValue()
    {
        _server.Json(ControllerA, ArrayController("A", "Enabled", "OK", "1.0.0.7"));
        _server.Json($"{ControllerA}/Metrics", IoMetrics(0, 0, 0, 0, "PT0S", "PT0S").Replace("\"ReadIORequests\": 0", "\"ReadIORequests\": \"lots\"", StringComparison.Ordinal));
        using var source = Source(o => o.Controllers = [Controller(ControllerA, "ctl-a")]);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source redfish: GET {_server.BaseUri}{ControllerA}/Metrics: IOStatistics: ReadIORequests = \"lots\" is not valid: expected a number", error.Message);
    }

    [Fact]
    public async Task ReadOnceAsync_ServiceHangs_IsAbandonedAtTheTimeoutAndTheRequestIsCancelled()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Routes[ControllerA] = async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted.SetResult();
            }
        };
        // Real time: the point is that a real request is really cut off.
        using var source = Source(o =>
        {
            o.Controllers = [Controller(ControllerA, "ctl-a")];
            o.Timeout = TimeSpan.FromMilliseconds(500);
        }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal("source redfish: no answer within its 0.5s timeout", error.Message);
        await aborted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(_health.All["redfish"].Ok);
    }

    [Fact]
    public async Task ReadOnceAsync_SessionExpires_LogsInAgainOnceAndReads()
    {
        var credentials = _temp.Write("redfish.credentials", "monitor:s3cret-Pa55\n");
        var valid = new HashSet<string>();
        var issued = 0;
        _server.Routes["/redfish/v1/SessionService/Sessions"] = async context =>
        {
            var login = await JsonNode.ParseAsync(context.Request.Body);
            if (context.Request.Method != "POST" || (string?)login!["UserName"] != "monitor" || (string?)login["Password"] != "s3cret-Pa55")
            {
                context.Response.StatusCode = 401;
                return;
            }

            var token = $"token-{++issued}";
            lock (valid)
            {
                valid.Add(token);
            }

            context.Response.StatusCode = 201;
            context.Response.Headers["X-Auth-Token"] = token;
            context.Response.Headers.Location = $"/redfish/v1/SessionService/Sessions/{issued}";
        };
        var controller = ArrayController("A", "Enabled", "OK", "1.0.0.7");
        _server.Routes[ControllerA] = async context =>
        {
            bool ok;
            lock (valid)
            {
                ok = valid.Contains(context.Request.Headers["X-Auth-Token"].ToString());
            }

            context.Response.StatusCode = ok ? 200 : 401;
            await context.Response.WriteAsync(ok ? controller : "");
        };
        using var source = Source(o =>
        {
            o.Authentication = "Session";
            o.CredentialsFile = credentials;
            o.Controllers = [Controller(ControllerA, "ctl-a")];
        });

        await source.ReadOnceAsync(CancellationToken.None);
        await source.ReadOnceAsync(CancellationToken.None);
        lock (valid)
        {
            valid.Clear();
        }

        var afterExpiry = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(2, source.Logins);
        Assert.Equal(1, Value(afterExpiry, "ctl-a", MetricCatalog.ControllerUp));
    }

    [Fact]
    public async Task ReadOnceAsync_CredentialsRefused_SaysWhichFileWithoutThePassword()
    {
        var credentials = _temp.Write("redfish.credentials", "monitor:wrong-Secret-42\n");
        _server.Json("/redfish/v1/SessionService/Sessions", """{"error": {"message": "bad user name or password"}}""", 401);
        using var source = Source(o =>
        {
            o.Authentication = "Session";
            o.CredentialsFile = credentials;
            o.Controllers = [Controller(ControllerA, "ctl-a")];
        });

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Equal($"source redfish: POST {_server.BaseUri}/redfish/v1/SessionService/Sessions: 401 Unauthorized: the service refused the credentials in {credentials}", error.Message);
        Assert.DoesNotContain("wrong-Secret-42", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_BasicAuthentication_SendsTheCredentialsOfTheFile()
    {
        var credentials = _temp.Write("redfish.credentials", "monitor:pa:ss\n");
        var controller = ArrayController("A", "Enabled", "OK", "1.0.0.7");
        _server.Routes[ControllerA] = async context =>
        {
            var expected = "Basic " + Convert.ToBase64String("monitor:pa:ss"u8.ToArray());
            var ok = context.Request.Headers.Authorization.ToString() == expected;
            context.Response.StatusCode = ok ? 200 : 401;
            await context.Response.WriteAsync(ok ? controller : "");
        };
        using var source = Source(o =>
        {
            o.Authentication = "Basic";
            o.CredentialsFile = credentials;
            o.Controllers = [Controller(ControllerA, "ctl-a")];
        });

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.Equal(1, Value(reading, "ctl-a", MetricCatalog.ControllerUp));
    }

    [Fact]
    public async Task ReadOnceAsync_HttpsWithPinnedSelfSignedCertificate_Reads()
    {
        using var certificate = LoopbackServer.SelfSigned();
        await using var https = await LoopbackServer.StartAsync(certificate);
        https.Json(ControllerA, ArrayController("A", "Enabled", "OK", "1.0.0.7"));
        using var source = Source(o =>
        {
            o.BaseUri = https.BaseUri;
            o.AllowPlainHttp = false;
            o.CertificateSha256 = string.Join(':', certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).Chunk(2).Select(c => new string(c)));
            o.Controllers = [Controller(ControllerA, "ctl-a")];
        });

        var reading = await source.ReadOnceAsync(CancellationToken.None);

        Assert.StartsWith("https://", https.BaseUri, StringComparison.Ordinal);
        Assert.Equal(1, Value(reading, "ctl-a", MetricCatalog.ControllerUp));
    }

    [Fact]
    public async Task ReadOnceAsync_HttpsWithAnotherCertificateThanThePinned_IsRefusedSayingWhy()
    {
        using var certificate = LoopbackServer.SelfSigned();
        using var pinned = LoopbackServer.SelfSigned("CN=the-real-array.test");
        await using var https = await LoopbackServer.StartAsync(certificate);
        https.Json(ControllerA, ArrayController("A", "Enabled", "OK", "1.0.0.7"));
        using var source = Source(o =>
        {
            o.BaseUri = https.BaseUri;
            o.AllowPlainHttp = false;
            o.CertificateSha256 = pinned.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
            o.Controllers = [Controller(ControllerA, "ctl-a")];
        });

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        var actual = certificate.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        Assert.Equal(
            $"source redfish: GET {https.BaseUri}{ControllerA}: TLS refused: the service's certificate has SHA-256 {actual}, which is not the pinned Agent:Sources:Redfish:CertificateSha256 {pinned.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256)}",
            error.Message);
        Assert.DoesNotContain($"GET {ControllerA}", https.Requests);
    }

    [Fact]
    public async Task ReadOnceAsync_HttpsSelfSignedWithoutPinOrCa_IsRefusedAsUntrusted()
    {
        using var certificate = LoopbackServer.SelfSigned();
        await using var https = await LoopbackServer.StartAsync(certificate);
        using var source = Source(o =>
        {
            o.BaseUri = https.BaseUri;
            o.AllowPlainHttp = false;
            o.Controllers = [Controller(ControllerA, "ctl-a")];
        });

        var error = await Assert.ThrowsAsync<SourceReadException>(() => source.ReadOnceAsync(CancellationToken.None));

        Assert.Contains("TLS refused: the service's certificate (CN=array-a.test) is not trusted by the system", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadOnceAsync_HttpsSignedByTheConfiguredCa_Reads()
    {
        var (authority, server) = LoopbackServer.SignedByCa();
        using (authority)
        using (server)
        {
            await using var https = await LoopbackServer.StartAsync(server);
            https.Json(ControllerA, ArrayController("A", "Enabled", "OK", "1.0.0.7"));
            var bundle = _temp.Write("site-ca.pem", authority.ExportCertificatePem());
            using var source = Source(o =>
            {
                o.BaseUri = https.BaseUri;
                o.AllowPlainHttp = false;
                o.CaBundleFile = bundle;
                o.Controllers = [Controller(ControllerA, "ctl-a")];
            });

            var reading = await source.ReadOnceAsync(CancellationToken.None);

            Assert.Equal(1, Value(reading, "ctl-a", MetricCatalog.ControllerUp));
        }
    }

    [Fact]
    public void Validate_PlainHttpToARemoteHostAndPinWithCa_NamesEachKey()
    {
        var options = new RedfishOptions
        {
            BaseUri = "http://192.0.2.7",
            AllowPlainHttp = true,
            Authentication = "Basic",
            CredentialsFile = "/nonexistent/redfish.credentials",
            CaBundleFile = _temp.Write("ca.pem", ""),
            CertificateSha256 = "12:34",
            Controllers = [new RedfishControllerOptions { Uri = "Storage/1/Controllers/A" }],
        };

        var errors = options.Validate("Agent:Sources:Redfish").ToList();

        Assert.Contains("Agent:Sources:Redfish:BaseUri = 'http://192.0.2.7' is not valid: expected an https:// address (plain http is allowed only with AllowPlainHttp = true on a loopback address, for tests)", errors);
        Assert.Contains("Agent:Sources:Redfish:CredentialsFile = '/nonexistent/redfish.credentials' is not valid: expected an existing file whose first line is user:password", errors);
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:Redfish:CertificateSha256 = '12:34' is not valid: expected 64 hexadecimal digits", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("Agent:Sources:Redfish:CertificateSha256 = '12:34' is not valid: expected empty when CaBundleFile is set", StringComparison.Ordinal));
        Assert.Contains("Agent:Sources:Redfish:Controllers:0:Uri = 'Storage/1/Controllers/A' is not valid: expected the controller's path on the service, starting with /redfish/v1/", errors);
    }
}

/// <summary>Small helper for building JSON in tests.</summary>
internal static class JsonObjectExtensions
{
    public static JsonObject Also(this JsonObject node, Action<JsonObject> change)
    {
        change(node);
        return node;
    }
}
