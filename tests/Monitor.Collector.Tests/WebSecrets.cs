namespace Monitor.Collector.Tests;

/// <summary>
/// Fresh random secrets for one collector, each in its own file (owner-only, as a site keeps
/// them), and the <c>Collector:Web</c> section that names the files.
/// </summary>
internal sealed class WebSecrets
{
    private WebSecrets(string directory, string onCallPassword, string readerPassword, string token)
    {
        Directory = directory;
        OnCallPassword = onCallPassword;
        ReaderPassword = readerPassword;
        Token = token;
    }

    /// <summary>Where the secret files are.</summary>
    public string Directory { get; }

    public string OnCallPassword { get; }

    public string ReaderPassword { get; }

    public string Token { get; }

    public string OnCallPasswordFile => Path.Combine(Directory, "sato.password");

    public string ReaderPasswordFile => Path.Combine(Directory, "suzuki.password");

    public string TokenFile => Path.Combine(Directory, "prometheus.token");

    public static WebSecrets Create(TemporaryDirectory directory)
    {
        var secrets = new WebSecrets(
            directory.File("secrets"),
            "pw-" + Guid.NewGuid().ToString("N"),
            "pw-" + Guid.NewGuid().ToString("N"),
            "tok-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(secrets.Directory);

        // A trailing newline, as `echo secret > file` leaves it: the collector trims it.
        Write(secrets.OnCallPasswordFile, secrets.OnCallPassword + "\n");
        Write(secrets.ReaderPasswordFile, secrets.ReaderPassword + "\n");
        Write(secrets.TokenFile, secrets.Token + "\n");
        return secrets;
    }

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/>, readable by its owner only.</summary>
    public static void Write(string path, string content)
    {
        File.WriteAllText(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    /// <summary>The JSON of <c>Collector:Web</c> for these secrets.</summary>
    public string WebSection() => $$"""
        {
          "Users": [
            { "Name": "{{RunningCollector.OnCallName}}", "Role": "on-call", "PasswordFile": "{{OnCallPasswordFile}}" },
            { "Name": "{{RunningCollector.ReaderName}}", "Role": "read-only", "PasswordFile": "{{ReaderPasswordFile}}" }
          ],
          "Tokens": [
            { "Name": "{{RunningCollector.TokenName}}", "Role": "read-only", "TokenFile": "{{TokenFile}}" }
          ],
          "Anonymous": "none"
        }
        """;
}
