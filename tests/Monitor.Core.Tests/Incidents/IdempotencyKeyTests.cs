using Monitor.Core.Incidents;

namespace Monitor.Core.Tests.Incidents;

/// <summary>The idempotency key's one owner: what it builds, it reads back; anything else it refuses.</summary>
public sealed class IdempotencyKeyTests
{
    [Fact]
    public void For_IncidentAndRevision_IsIncidentSlashRevision()
    {
        Assert.Equal("inc-20170113-0853-ctl-a-5f2c/12", IdempotencyKey.For("inc-20170113-0853-ctl-a-5f2c", 12));
    }

    [Theory]
    [InlineData("inc-20170113-0853-ctl-a-5f2c", 1)]
    [InlineData("mail05.cty/inc-1", 9_000_000_000)]
    public void TryParse_AKeyItBuilt_GivesBackTheIncidentAndTheRevision(string incidentId, long revision)
    {
        Assert.True(IdempotencyKey.TryParse(IdempotencyKey.For(incidentId, revision), out var parsedId, out var parsedRevision));

        Assert.Equal(incidentId, parsedId);
        Assert.Equal(revision, parsedRevision);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("inc-1")]
    [InlineData("inc-1/")]
    [InlineData("/3")]
    [InlineData("inc-1/0")]
    [InlineData("inc-1/-3")]
    [InlineData("inc-1/ 3")]
    [InlineData("inc-1/three")]
    public void TryParse_NotAKey_IsFalse(string? key)
    {
        Assert.False(IdempotencyKey.TryParse(key, out var incidentId, out _));
        Assert.Null(incidentId);
    }
}
