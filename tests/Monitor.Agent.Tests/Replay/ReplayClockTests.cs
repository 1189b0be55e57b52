using Monitor.Agent.Clocks;

namespace Monitor.Agent.Tests.Replay;

public sealed class ReplayClockTests
{
    [Fact]
    public void AdvanceTo_Later_MovesNow()
    {
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch);
        var later = DateTimeOffset.UnixEpoch.AddHours(3);

        clock.AdvanceTo(later);

        Assert.Equal(later, clock.GetUtcNow());
    }

    [Fact]
    public void AdvanceTo_Earlier_NeverGoesBack()
    {
        var clock = new ReplayClock(DateTimeOffset.UnixEpoch.AddHours(3));

        clock.AdvanceTo(DateTimeOffset.UnixEpoch);

        Assert.Equal(DateTimeOffset.UnixEpoch.AddHours(3), clock.GetUtcNow());
    }
}
