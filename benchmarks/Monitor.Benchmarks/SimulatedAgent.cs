using System.Diagnostics;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using Monitor.Contracts.V1;

namespace Monitor.Benchmarks;

/// <summary>
/// One agent of the load benchmark: its own client certificate, its own channel (so its own TLS
/// connection, as a real agent has), pushing one revision per call as fast as it is acknowledged.
/// Every 50 revisions it opens a new incident, as a busy host would, so no incident outgrows the
/// collector's revision cap.
/// </summary>
internal sealed class SimulatedAgent : IDisposable
{
    private const int RevisionsPerIncident = 50;
    private static readonly DateTimeOffset Onset = new(2026, 11, 23, 2, 0, 0, TimeSpan.Zero);

    private readonly GrpcChannel _channel;
    private readonly IncidentIngest.IncidentIngestClient _client;
    private readonly AgentIdentity _identity;
    private readonly X509Certificate2 _certificate;
    private long _sequence;

    public SimulatedAgent(Uri collector, string id, string site, string certificatePath, string keyPath, X509Certificate2 ca)
    {
        // Loaded once from PEM, then re-imported: SslStream on Linux wants a certificate whose
        // key it can hand to OpenSSL, which an ephemeral PEM key is not always.
        using var pem = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
        _certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        _identity = new AgentIdentity { AgentId = id, Host = id, Site = site, AgentVersion = "load-benchmark" };
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                ClientCertificates = [_certificate],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
            EnableMultipleHttp2Connections = false,
        };
        _channel = GrpcChannel.ForAddress(collector, new GrpcChannelOptions { HttpHandler = handler });
        _client = new IncidentIngest.IncidentIngestClient(_channel);
    }

    /// <summary>Revisions this agent had acknowledged as stored.</summary>
    public long Stored { get; private set; }

    /// <summary>Incidents this agent pushed to, for the check afterwards.</summary>
    public string IncidentId(long incident) => $"inc-{_identity.AgentId}-{incident}";

    /// <summary>How many incidents it has pushed to so far.</summary>
    public long Incidents => (_sequence + RevisionsPerIncident - 1) / RevisionsPerIncident;

    /// <summary>The revisions stored per incident, incident by incident.</summary>
    public long RevisionsIn(long incident) =>
        Math.Min(RevisionsPerIncident, _sequence - ((incident - 1) * RevisionsPerIncident));

    /// <summary>Pushes one revision; returns how long the call took.</summary>
    public async Task<TimeSpan> PushOneAsync(CancellationToken cancellationToken)
    {
        var next = _sequence + 1;
        var incident = ((next - 1) / RevisionsPerIncident) + 1;
        var revision = ((next - 1) % RevisionsPerIncident) + 1;
        var request = new PushRevisionsRequest { Agent = _identity };
        request.Revisions.Add(Revision(IncidentId(incident), revision));

        var started = Stopwatch.GetTimestamp();
        var reply = await _client.PushRevisionsAsync(request, deadline: DateTime.UtcNow.AddSeconds(60), cancellationToken: cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started);
        if (reply.Acknowledgements.Count != 1 || reply.Acknowledgements[0].Outcome != AckOutcome.Stored)
        {
            throw new InvalidOperationException($"{_identity.AgentId}: revision {revision} of incident {incident} was not stored: {reply}");
        }

        _sequence = next;
        Stored++;
        return elapsed;
    }

    public void Dispose()
    {
        _channel.Dispose();
        _certificate.Dispose();
    }

    // The size and shape of a real revision: a root cause with evidence, two symptoms, a causal
    // chain, affected users and a timeline (about 1.5 KB on the wire).
    private IncidentRevision Revision(string incidentId, long number)
    {
        var updated = Onset.AddMinutes(number);
        var host = _identity.AgentId;
        var revision = new IncidentRevision
        {
            IncidentId = incidentId,
            Revision = number,
            IdempotencyKey = $"{incidentId}/{number}",
            Agent = _identity,
            State = IncidentState.Open,
            Severity = Severity.Critical,
            Title = $"Multipath to the mail volume on {host} lost a path; POP3 logins fail",
            OpenedAt = Timestamp.FromDateTimeOffset(Onset),
            UpdatedAt = Timestamp.FromDateTimeOffset(updated),
            AffectedUsersMax = 1200 + number,
            RootCause = new Finding
            {
                Entity = $"{host}:mpath-mail",
                EntityType = "multipath_device",
                Kind = "paths_degraded",
                Rule = "PathsDegraded",
                Severity = Severity.Critical,
                Explanation = $"{host}:mpath-mail runs on 1 of 2 paths; the other failed.",
                FirstSeen = Timestamp.FromDateTimeOffset(Onset),
                Evidence =
                {
                    new EvidenceSample { Time = Timestamp.FromDateTimeOffset(Onset), Entity = $"{host}:mpath-mail", Metric = "monitor_multipath_active_paths", Value = 1 },
                },
            },
            Symptoms =
            {
                new Finding { Entity = $"{host}/pop3", EntityType = "service", Kind = "pop_login_failures", Rule = "LoginFailures", Severity = Severity.Critical, Explanation = "POP3 logins fail.", FirstSeen = Timestamp.FromDateTimeOffset(Onset.AddMinutes(1)) },
                new Finding { Entity = $"{host}/smtp", EntityType = "service", Kind = "mail_queue_backlog", Rule = "MailQueueBacklog", Severity = Severity.Warning, Explanation = "The deferred queue grows.", FirstSeen = Timestamp.FromDateTimeOffset(Onset.AddMinutes(2)) },
            },
            CausalChain =
            {
                new CausalLink { FromEntity = $"{host}:mpath-mail", ToEntity = $"{host}/pop3", Relation = "stores mail for", ObservedKind = "pop_login_failures" },
            },
            AffectedUsers =
            {
                new AffectedUsers { PopulationKey = $"{host}-mailboxes", Count = 1200 + number, Basis = UserCountBasis.Contracts, TotalContracts = 5000 },
            },
            AffectedUsersSeries =
            {
                new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(Onset), Count = 0 },
                new AffectedUsersPoint { Time = Timestamp.FromDateTimeOffset(updated), Count = 1200 + number },
            },
            Services =
            {
                new ServiceImpact { Service = "mail", Function = "pop3", Impact = ImpactLevel.Stopped, Category = 5, DisplayName = "メール" },
            },
            Timeline =
            {
                new TimelineEvent { Time = Timestamp.FromDateTimeOffset(Onset), Kind = TimelineEventKind.Detected, Text = "Path sdb failed", Entity = $"{host}:mpath-mail" },
            },
        };
        return revision;
    }
}
