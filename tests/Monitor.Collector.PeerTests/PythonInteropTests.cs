using Monitor.Collector.Tests;

namespace Monitor.Collector.PeerTests;

/// <summary>
/// Another language speaks the wire contract: Python code generated from incidents.proto by
/// grpc_tools (Debian's python3-grpc-tools), a client on python3-grpcio pushing one revision.
/// </summary>
public sealed class PythonInteropTests : IDisposable
{
    private const string Python = "/usr/bin/python3";

    private const string Client = """
        import sys
        sys.path.insert(0, sys.argv[1])
        import grpc
        from monitor.v1 import incidents_pb2 as pb, incidents_pb2_grpc as rpc

        agent = pb.AgentIdentity(agent_id="py01.cty", host="py01", site="cty", agent_version="python-interop")
        request = pb.PushRevisionsRequest(agent=agent)
        r = request.revisions.add()
        r.incident_id = "inc-python-0001"
        r.revision = 1
        r.idempotency_key = "inc-python-0001/1"
        r.agent.CopyFrom(agent)
        r.state = pb.INCIDENT_STATE_OPEN
        r.severity = pb.SEVERITY_CRITICAL
        r.title = "Storage controller ctl-a stopped (from Python)"
        r.opened_at.FromJsonString("2017-01-12T23:53:00Z")
        r.updated_at.FromJsonString("2017-01-12T23:58:00Z")
        r.root_cause.entity = "ctl-a"
        r.root_cause.kind = "controller_failed"
        r.affected_users.add(population_key="cty-mail-contracts", count=50511, basis=pb.USER_COUNT_BASIS_CONTRACTS, total_contracts=50511)
        r.affected_users_max = 50511
        r.services.add(service="cty-mail", function="pop3", impact=pb.IMPACT_LEVEL_STOPPED, category=5)

        with grpc.insecure_channel(sys.argv[2]) as channel:
            reply = rpc.IncidentIngestStub(channel).PushRevisions(request, timeout=30)
        ack = reply.acknowledgements[0]
        print(ack.idempotency_key, pb.AckOutcome.Name(ack.outcome))
        """;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task PythonClient_PushesARevision_TheCollectorStoresIt()
    {
        RunningProgram.Require(Python, "python3");
        await using var collector = await RunningCollector.StartAsync();
        var generated = _directory.File("generated");
        Directory.CreateDirectory(generated);
        var protos = Path.Combine(RepositoryPaths.Root, "src", "Monitor.Contracts", "Protos");
        await RunAsync(["-c", "import grpc_tools"], "python3-grpc-tools");
        await RunAsync(["-c", "import grpc"], "python3-grpcio");
        await RunAsync(["-m", "grpc_tools.protoc", $"-I{protos}", $"--python_out={generated}", $"--grpc_python_out={generated}", "monitor/v1/incidents.proto"], "python3-grpc-tools");
        var script = _directory.File("client.py");
        await File.WriteAllTextAsync(script, Client);

        var output = await RunAsync([script, generated, $"127.0.0.1:{collector.GrpcAddress.Port}"], "python3-grpcio");

        Assert.Equal("inc-python-0001/1 ACK_OUTCOME_STORED", output.Trim());
        var stored = await collector.Store.GetLatestRevisionAsync("inc-python-0001", default);
        Assert.Equal(("py01", 50_511L, 5), (stored?.Agent.Host, stored?.AffectedUsersMax ?? 0, stored?.Services[0].Category ?? 0));
        Assert.Equal("py01", (await collector.Store.GetRevisionsAsync("inc-python-0001", default)).Single().Host);
    }

    private static async Task<string> RunAsync(string[] arguments, string package)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Python) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(bound.Token);
        Assert.True(
            process.ExitCode == 0,
            $"python3 {string.Join(' ', arguments)} failed ({process.ExitCode}); is Debian's package '{package}' installed (apt-get install {package})?\n{await error}");
        return await output;
    }
}
