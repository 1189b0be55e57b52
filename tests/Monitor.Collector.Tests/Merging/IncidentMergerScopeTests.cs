using Google.Protobuf.WellKnownTypes;
using Monitor.Collector.Merging;
using Monitor.Contracts.V1;

namespace Monitor.Collector.Tests.Merging;

/// <summary>Findings of one kind at one entity seen on two hosts stay two in a merged incident (contract v1.3 scope).</summary>
public sealed class IncidentMergerScopeTests
{
    private static readonly DateTimeOffset T0 = new(2020, 4, 12, 1, 0, 0, TimeSpan.Zero);

    private static IncidentRevision Member(string id, string host)
    {
        var revision = CtyIncident.Revision(1, id);
        revision.Symptoms.Clear();
        revision.Symptoms.Add(new Finding
        {
            Entity = "cty-mail/pop3",
            Kind = "login_failures",
            Rule = "login-failures",
            Severity = Severity.Critical,
            Explanation = $"POP3 logins on {host} fail.",
            FirstSeen = Timestamp.FromDateTimeOffset(T0),
            Scope = host,
        });
        return revision;
    }

    [Fact]
    public void Combine_SameFindingOnTwoHosts_KeepsBoth()
    {
        var combined = IncidentMerger.Combine("m", [Member("a", "mail01"), Member("b", "mail02")]);

        Assert.Equal(["mail01", "mail02"], combined.Symptoms.Where(s => s.Kind == "login_failures").Select(s => s.Scope).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Combine_SameFindingOnOneHostSeenTwice_KeepsOne()
    {
        var combined = IncidentMerger.Combine("m", [Member("a", "mail01"), Member("b", "mail01")]);

        Assert.Single(combined.Symptoms, s => s.Kind == "login_failures");
    }
}
