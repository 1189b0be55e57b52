namespace Monitor.Core.Findings;

/// <summary>The user impact a kind of finding implies.</summary>
/// <param name="Reach">Whose service it hits, and how they are counted.</param>
/// <param name="Effect">What it does to the function it is found at.</param>
/// <param name="UsersMetric">For <see cref="UserReach.ObservedUsers"/>: the evidence metric that counts them.</param>
public sealed record UserImpact(UserReach Reach, FunctionEffect Effect, string? UsersMetric = null)
{
    /// <summary>No user impact of its own.</summary>
    public static UserImpact None { get; } = new(UserReach.None, FunctionEffect.None);

    /// <summary>Hits every contract of the service, with <paramref name="effect"/> on the function.</summary>
    public static UserImpact AllContracts(FunctionEffect effect) => new(UserReach.AllContracts, effect);

    /// <summary>Hits the distinct users that <paramref name="usersMetric"/> counts in the evidence.</summary>
    public static UserImpact ObservedUsers(string usersMetric, FunctionEffect effect) => new(UserReach.ObservedUsers, effect, usersMetric);
}
