using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Monitor.Collector.Configuration;
using Monitor.Collector.Web.Authentication;

namespace Monitor.Collector.Tests.Web;

/// <summary>What the collector says at start about who can reach its pages (file modes: Unix only).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class WebAccessWarningsTests : IDisposable
{
    private const string Secret = "a-password-nobody-may-read";

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Log_NoUsersNoTokens_WarnsThatEveryoneGets401()
    {
        var warnings = Warnings(new CollectorOptions());

        var warning = Assert.Single(warnings);
        Assert.StartsWith("Collector:Web has no Users and no Tokens: the web pages and the API answer 401 to everyone", warning, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("read-only", "reads incidents, reports and the API without signing in")]
    [InlineData("on-call", "acknowledges, resolves and adds notes under any name they type")]
    public void Log_Anonymous_WarnsWhatAnyoneMayDo(string anonymous, string expected)
    {
        var warning = Assert.Single(Warnings(new CollectorOptions { Web = new WebOptions { Anonymous = anonymous } }));

        Assert.Contains(expected, warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_UserOnPlainHttp_WarnsThatPasswordsTravelUnencrypted()
    {
        var options = WithUser(UnixFileMode.UserRead | UnixFileMode.UserWrite);

        var warning = Assert.Single(Warnings(options));

        Assert.StartsWith("Collector:Web has 1 user(s) signing in with HTTP Basic and 0 token(s) on plain http://127.0.0.1:8080", warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_UserBehindAnHttpsProxy_SaysNothing()
    {
        var options = WithUser(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        options.PublicUrl = "https://monitor.cty.example.jp/";

        Assert.Empty(Warnings(options));
    }

    [Fact]
    public void Log_PasswordFileReadableByOthers_NamesTheKeyAndTheFileNotThePassword()
    {
        var options = WithUser(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        options.PublicUrl = "https://monitor.cty.example.jp/";

        var warning = Assert.Single(Warnings(options));

        Assert.Equal($"Collector:Web:Users:0:PasswordFile ({_directory.File("sato.password")}) can be read by other users of this machine; expected chmod 600, owned by the collector's user", warning);
    }

    private CollectorOptions WithUser(UnixFileMode mode)
    {
        var file = _directory.File("sato.password");
        WebSecrets.Write(file, Secret);
        File.SetUnixFileMode(file, mode);
        return new CollectorOptions
        {
            Web = new WebOptions { Users = [new WebUserOptions { Name = "sato", Role = "on-call", PasswordFile = file }] },
        };
    }

    private static List<string> Warnings(CollectorOptions options)
    {
        var problems = new List<string>();
        var credentials = WebCredentials.Load(options.Web, problems);
        Assert.Empty(problems);
        var log = new ListLogger();
        WebAccessWarnings.Log(log, options, credentials, new WebAccess(Options.Create(options)));
        Assert.All(log.Messages, message => Assert.DoesNotContain(Secret, message.Text, StringComparison.Ordinal));
        return log.Messages.Where(m => m.Level == LogLevel.Warning).Select(m => m.Text).ToList();
    }
}
