using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Monitor.Core.Signals;

/// <summary>
/// Turns a login name into the 64-bit user id of a <see cref="UserSighting"/>: HMAC-SHA256 under a
/// secret key, so that ids cannot be matched back to names by hashing a list of likely logins. The
/// name is lower-cased first: Dovecot's logins are case-insensitive, and "Alice" and "alice" are
/// one person.
/// </summary>
public sealed class UserHash
{
    /// <summary>The shortest key accepted, in bytes.</summary>
    public const int MinimumKeyLength = 16;

    private readonly byte[] _key;

    /// <summary>Creates a hash under <paramref name="key"/> (at least <see cref="MinimumKeyLength"/> bytes).</summary>
    public UserHash(ReadOnlySpan<byte> key)
    {
        if (key.Length < MinimumKeyLength)
        {
            throw new ArgumentException($"a user hash key needs at least {MinimumKeyLength} bytes, got {key.Length}", nameof(key));
        }

        _key = key.ToArray();
    }

    /// <summary>The user id of a login name.</summary>
    public ulong Of(string login)
    {
        Span<byte> digest = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(login.Trim().ToLowerInvariant()), digest);
        return BinaryPrimitives.ReadUInt64LittleEndian(digest);
    }

    /// <summary>The sighting of a login that failed.</summary>
    public UserSighting Sighting(DateTimeOffset time, string host, string protocol, string login) =>
        new(time, host, protocol, Of(login), DomainOf(login));

    /// <summary>The domain part of "user@domain" in lower case, or null when the login has none.</summary>
    public static string? DomainOf(string login)
    {
        var at = login.LastIndexOf('@');
        var domain = at >= 0 ? login[(at + 1)..].Trim() : "";
        return domain.Length > 0 ? domain.ToLowerInvariant() : null;
    }
}
