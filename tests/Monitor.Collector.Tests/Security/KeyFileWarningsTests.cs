using Microsoft.Extensions.Logging;
using Monitor.Collector.Configuration;
using Monitor.Collector.Security;

namespace Monitor.Collector.Tests.Security;

/// <summary>The collector's private key readable by others is said at start, as for token files (Unix only).</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class KeyFileWarningsTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead)]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.OtherRead | UnixFileMode.OtherWrite)]
    public void Log_KeyReadableByOthers_NamesTheKeyAndTheFile(UnixFileMode mode)
    {
        var key = KeyWith(mode);

        var warning = Assert.Single(Warnings(key));

        Assert.Equal($"Collector:Tls:KeyPath ({key}) can be read by other users of this machine; expected chmod 600, owned by the collector's user", warning);
    }

    [Fact]
    public void Log_KeyReadableByTheCollectorAlone_SaysNothing()
    {
        Assert.Empty(Warnings(KeyWith(UnixFileMode.UserRead | UnixFileMode.UserWrite)));
    }

    private string KeyWith(UnixFileMode mode)
    {
        var key = _directory.File("collector.key");
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\n-----END PRIVATE KEY-----\n");
        File.SetUnixFileMode(key, mode);
        return key;
    }

    private static List<string> Warnings(string key)
    {
        var log = new ListLogger();
        KeyFileWarnings.Log(log, new CollectorOptions { Tls = new TlsOptions { KeyPath = key } });
        return log.Messages.Where(m => m.Level == LogLevel.Warning).Select(m => m.Text).ToList();
    }
}
