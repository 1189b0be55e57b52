using System.Security.Cryptography;
using System.Text;
using Monitor.Collector.Configuration;

namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// The users and tokens of <c>Collector:Web</c>, read from their files at start. Only SHA-256
/// digests are kept, and every check compares them with
/// <see cref="CryptographicOperations.FixedTimeEquals"/> against every entry, so neither the time
/// taken nor an early exit tells how much of a guess was right.
/// </summary>
internal sealed class WebCredentials
{
    /// <summary>Shortest token accepted: a token is typed by no one, so it can be long.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Shortest password accepted: 12 characters, so that guessing, slowed by <see cref="SignInThrottle"/>, stays hopeless.</summary>
    public const int MinPasswordLength = 12;

    private const string Section = $"{CollectorOptions.SectionName}:Web";

    private readonly WebCredential[] _users;
    private readonly WebCredential[] _tokens;

    private WebCredentials(WebCredential[] users, WebCredential[] tokens)
    {
        _users = users;
        _tokens = tokens;
    }

    /// <summary>True when no one can sign in.</summary>
    public bool IsEmpty => _users.Length == 0 && _tokens.Length == 0;

    /// <summary>Number of users who sign in with a password.</summary>
    public int UserCount => _users.Length;

    /// <summary>Number of tokens.</summary>
    public int TokenCount => _tokens.Length;

    /// <summary>Every user and token, for the warnings at start (never with a secret).</summary>
    public IEnumerable<WebCredential> All => _users.Concat(_tokens);

    /// <summary>
    /// Reads every secret file of <paramref name="options"/>; each problem (a missing, empty or
    /// unreadable file, an unknown role, a name used twice) is added to <paramref name="problems"/>
    /// naming the key and the file. The credentials that could be read are returned.
    /// </summary>
    public static WebCredentials Load(WebOptions options, List<string> problems)
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var users = new List<WebCredential>();
        for (var index = 0; index < options.Users.Length; index++)
        {
            var user = options.Users[index];
            var key = $"{Section}:Users:{index}";
            var name = CheckName(problems, key, user.Name, names, signsInWithBasic: true);
            var role = CheckRole(problems, key, user.Role);
            var file = $"{key}:PasswordFile";
            var password = WebSecretFile.Read(problems, file, user.PasswordFile, "the password");
            if (password is not null && password.Length < MinPasswordLength)
            {
                problems.Add($"{file} = '{user.PasswordFile}' holds a password shorter than {MinPasswordLength} characters ({Path.GetFullPath(user.PasswordFile)}); expected a long one, e.g. openssl rand -base64 18");
                password = null;
            }

            if (name is not null && role is not null && password is not null)
            {
                users.Add(new WebCredential(name, role.Value, Digest(password), file, Path.GetFullPath(user.PasswordFile)));
            }
        }

        var tokens = new List<WebCredential>();
        for (var index = 0; index < options.Tokens.Length; index++)
        {
            var token = options.Tokens[index];
            var key = $"{Section}:Tokens:{index}";
            var name = CheckName(problems, key, token.Name, names, signsInWithBasic: false);
            var role = CheckRole(problems, key, token.Role);
            var file = $"{key}:TokenFile";
            var secret = WebSecretFile.Read(problems, file, token.TokenFile, "the token");
            if (secret is not null && secret.Length < MinTokenLength)
            {
                problems.Add($"{file} = '{token.TokenFile}' holds a token shorter than {MinTokenLength} characters ({Path.GetFullPath(token.TokenFile)}); expected a long random one, e.g. openssl rand -hex 32");
                secret = null;
            }

            if (name is null || role is null || secret is null)
            {
                continue;
            }

            var digest = Digest(secret);
            var same = tokens.FirstOrDefault(other => CryptographicOperations.FixedTimeEquals(other.Digest, digest));
            if (same is not null)
            {
                // Which name would act? Refused rather than guessed.
                problems.Add($"{file} ({Path.GetFullPath(token.TokenFile)}) holds the same token as {same.Key} ({same.File}); expected a token of its own for each name");
                continue;
            }

            tokens.Add(new WebCredential(name, role.Value, digest, file, Path.GetFullPath(token.TokenFile)));
        }

        return new WebCredentials([.. users], [.. tokens]);
    }

    /// <summary>The user <paramref name="name"/> when <paramref name="password"/> is theirs, else null.</summary>
    public WebCredential? FindUser(string name, string password)
    {
        var digest = Digest(password);
        WebCredential? found = null;
        foreach (var user in _users)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, user.Digest) & string.Equals(user.Name, name, StringComparison.Ordinal))
            {
                found = user;
            }
        }

        return found;
    }

    /// <summary>True when <paramref name="name"/> is a configured user (to say in a log whether a name or a password was wrong).</summary>
    public bool IsUser(string name) => _users.Any(user => string.Equals(user.Name, name, StringComparison.Ordinal));

    /// <summary>The token whose secret is <paramref name="token"/>, else null.</summary>
    public WebCredential? FindToken(string token)
    {
        var digest = Digest(token);
        WebCredential? found = null;
        foreach (var candidate in _tokens)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, candidate.Digest))
            {
                found = candidate;
            }
        }

        return found;
    }

    private static byte[] Digest(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    private static string? CheckName(List<string> problems, string key, string? given, Dictionary<string, string> names, bool signsInWithBasic)
    {
        var name = given?.Trim() ?? "";
        var problem = name switch
        {
            "" => "is empty; expected the name the timeline records, e.g. sato",
            { Length: > OnCallIdentity.MaxNameLength } => $"is longer than {OnCallIdentity.MaxNameLength} characters",
            _ when name.Any(char.IsControl) => "holds a control character",
            _ when signsInWithBasic && name.Contains(':', StringComparison.Ordinal) => "holds ':', which HTTP Basic sign-in cannot carry in a user name",
            _ => null,
        };
        if (problem is not null)
        {
            problems.Add($"{key}:Name = '{given}' {problem}");
            return null;
        }

        if (names.TryGetValue(name, out var first))
        {
            problems.Add($"{key}:Name = '{name}' is also the name of {first}; expected each name once (the timeline tells people apart by it)");
            return null;
        }

        names[name] = key;
        return name;
    }

    private static WebRole? CheckRole(List<string> problems, string key, string? word)
    {
        if (WebRoles.TryParse(word, allowNone: false, out var role))
        {
            return role;
        }

        problems.Add($"{key}:Role = '{word}' is not a known role; expected {WebOptions.ReadOnly} or {WebOptions.OnCall}");
        return null;
    }
}
