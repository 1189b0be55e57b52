namespace Monitor.Core.Signals;

/// <summary>
/// One user seen failing a login: the identity-level input beside samples, so that affected users
/// are counted as people (each once across hosts, protocols and time) rather than as the newest
/// per-interval count of one host. The user is a keyed hash (<see cref="UserHash"/>), never the
/// name; the domain part stays readable because it tells which population the user belongs to.
/// </summary>
/// <param name="Time">When the login failed.</param>
/// <param name="Host">The host the login was made to: a topology id or one of its aliases.</param>
/// <param name="Protocol">The login's protocol: "pop3", "imap".</param>
/// <param name="User">Keyed hash of the login name.</param>
/// <param name="Domain">Domain part of the login in lower case ("example.co.jp"), or null when the login has none.</param>
public readonly record struct UserSighting(DateTimeOffset Time, string Host, string Protocol, ulong User, string? Domain);
