namespace Monitor.Core.Rules;

/// <summary>
/// The users seen failing to log in (sightings, see <see cref="Signals.UserSighting"/>), as the
/// rules may ask about them: on a host that runs several services, whose users they are.
/// </summary>
public interface IFailingLogins
{
    /// <summary>
    /// The share (0 to 1) of the users seen failing over <paramref name="protocol"/> on
    /// <paramref name="host"/> since <paramref name="since"/> who may be users of
    /// <paramref name="service"/> (a user the topology cannot place counts for every service
    /// there), or null when no failing login there was identified in that time.
    /// </summary>
    double? ShareOf(string service, string host, string protocol, DateTimeOffset since);
}
