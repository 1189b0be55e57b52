using Monitor.Collector.Configuration;

namespace Monitor.Collector.Tests.Configuration;

/// <summary>
/// <c>Collector:Web</c> checked at start: every problem names the key and the file, and no
/// message ever carries what is in a secret file.
/// </summary>
public sealed class WebOptionsValidatorTests : IDisposable
{
    private const string Secret = "s3cret-that-must-never-be-shown";

    private readonly TemporaryDirectory _directory = new();
    private readonly CollectorOptionsValidator _validator = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Validate_UsersAndTokensWithReadableFiles_Succeeds()
    {
        var options = Options(
            [User("sato", "on-call", SecretFile("sato.password", Secret + "\n"))],
            [Token("prometheus", "read-only", SecretFile("prometheus.token", Secret))]);

        Assert.True(_validator.Validate(null, options).Succeeded);
    }

    [Fact]
    public void Validate_PasswordFileMissing_NamesTheKeyAndTheFile()
    {
        var missing = _directory.File("nowhere.password");

        var failure = Single(Options([User("sato", "on-call", missing)], []));

        Assert.Equal($"Collector:Web:Users:0:PasswordFile = '{missing}': no such file ({missing}); expected a file holding the password", failure);
    }

    [Fact]
    public void Validate_TokenFileOnlyWhiteSpace_SaysItIsEmpty()
    {
        var file = SecretFile("empty.token", " \n\n");

        var failure = Single(Options([], [Token("prometheus", "read-only", file)]));

        Assert.Equal($"Collector:Web:Tokens:0:TokenFile = '{file}' is empty ({file}); expected the token in it", failure);
    }

    [Fact]
    public void Validate_PasswordFileIsADirectory_CannotBeRead()
    {
        var failure = Single(Options([User("sato", "on-call", _directory.Path)], []));

        Assert.StartsWith($"Collector:Web:Users:0:PasswordFile = '{_directory.Path}' is a directory", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_PasswordFileNotGiven_AsksForOne()
    {
        var failure = Single(Options([User("sato", "on-call", "")], []));

        Assert.Equal("Collector:Web:Users:0:PasswordFile is empty; expected the path of a file holding the password", failure);
    }

    [Fact]
    public void Validate_UnknownRole_NamesTheRolesAndNeverTheSecret()
    {
        var failure = Single(Options([User("sato", "admin", SecretFile("sato.password", Secret))], []));

        Assert.Equal("Collector:Web:Users:0:Role = 'admin' is not a known role; expected read-only or on-call", failure);
    }

    [Fact]
    public void Validate_SameNameForAUserAndAToken_IsRefused()
    {
        var options = Options(
            [User("sato", "on-call", SecretFile("a", Secret))],
            [Token("Sato", "read-only", SecretFile("b", Secret + "-token"))]);

        Assert.Equal(
            "Collector:Web:Tokens:0:Name = 'Sato' is also the name of Collector:Web:Users:0; expected each name once (the timeline tells people apart by it)",
            Single(options));
    }

    [Fact]
    public void Validate_TwoTokenFilesWithTheSameToken_NamesBothFilesNotTheToken()
    {
        var first = SecretFile("first.token", Secret);
        var second = SecretFile("second.token", Secret + "\n");

        var failure = Single(Options([], [Token("prometheus", "read-only", first), Token("script", "on-call", second)]));

        Assert.Equal(
            $"Collector:Web:Tokens:1:TokenFile ({second}) holds the same token as Collector:Web:Tokens:0:TokenFile ({first}); expected a token of its own for each name",
            failure);
    }

    [Fact]
    public void Validate_ShortToken_AsksForALongRandomOne()
    {
        var file = SecretFile("short.token", "abc123");

        var failure = Single(Options([], [Token("prometheus", "read-only", file)]));

        Assert.StartsWith($"Collector:Web:Tokens:0:TokenFile = '{file}' holds a token shorter than 16 characters", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("abc123", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_SecretOnTwoLines_IsRefusedWithoutShowingIt()
    {
        var file = SecretFile("two-lines.password", Secret + "\nsecond-line");

        var failure = Single(Options([User("sato", "on-call", file)], []));

        Assert.StartsWith($"Collector:Web:Users:0:PasswordFile = '{file}' holds more than one line", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("sato:admin", "holds ':'")]
    public void Validate_UnusableUserName_NamesTheProblem(string name, string expected)
    {
        var failure = Single(Options([User(name, "on-call", SecretFile("p", Secret))], []));

        Assert.StartsWith($"Collector:Web:Users:0:Name = '{name}' {expected}", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_UnknownAnonymousAccess_NamesTheChoices()
    {
        var options = new CollectorOptions { Web = new WebOptions { Anonymous = "yes" } };

        Assert.Equal("Collector:Web:Anonymous = 'yes' is not known; expected none, read-only (a closed lab network) or on-call", Single(options));
    }

    [Fact]
    public void Build_BadWebSection_FailsWithEveryProblemAndNoSecret()
    {
        var password = SecretFile("sato.password", Secret);

        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(
        [
            $"--Collector:DatabasePath={_directory.File("collector.db")}",
            $"--Collector:ReportDirectory={_directory.File("reports")}",
            "--Collector:Listen=http://127.0.0.1:0",
            "--Collector:HttpListen=http://127.0.0.1:0",
            "--Collector:Web:Users:0:Name=sato",
            "--Collector:Web:Users:0:Role=oncall",
            $"--Collector:Web:Users:0:PasswordFile={password}",
            "--Collector:Web:Tokens:0:Name=prometheus",
            "--Collector:Web:Tokens:0:Role=read-only",
            $"--Collector:Web:Tokens:0:TokenFile={_directory.File("missing.token")}",
        ]));

        Assert.Contains("Collector:Web:Users:0:Role = 'oncall' is not a known role", error.Message, StringComparison.Ordinal);
        Assert.Contains($"Collector:Web:Tokens:0:TokenFile = '{_directory.File("missing.token")}': no such file", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Build_MisspeltWebKey_NamesTheKey()
    {
        var error = Assert.Throws<CollectorConfigurationException>(() => CollectorApplication.Build(
        [
            $"--Collector:DatabasePath={_directory.File("collector.db")}",
            "--Collector:Listen=http://127.0.0.1:0",
            "--Collector:HttpListen=http://127.0.0.1:0",
            $"--Collector:Web:Users:0:Password={Secret}",
        ]));

        Assert.Contains("'Password'", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OneCharacterPassword_SaysTheShortestAllowedAndNamesTheFile()
    {
        // Issue 13: a 1-character password file was accepted.
        var password = SecretFile("sato.password", "x");

        Assert.Equal(
            $"Collector:Web:Users:0:PasswordFile = '{password}' holds a password shorter than 12 characters ({password}); expected a long one, e.g. openssl rand -base64 18",
            Single(Options([User("sato", "on-call", password)], [])));
    }

    private static CollectorOptions Options(WebUserOptions[] users, WebTokenOptions[] tokens) =>
        new() { Web = new WebOptions { Users = users, Tokens = tokens } };

    private static WebUserOptions User(string name, string role, string file) => new() { Name = name, Role = role, PasswordFile = file };

    private static WebTokenOptions Token(string name, string role, string file) => new() { Name = name, Role = role, TokenFile = file };

    private string SecretFile(string name, string content)
    {
        var path = _directory.File(name);
        WebSecrets.Write(path, content);
        return path;
    }

    private string Single(CollectorOptions options) => Assert.Single(_validator.Validate(null, options).Failures ?? []);
}
