using System.Diagnostics;
using System.Globalization;

namespace Monitor.Testing;

/// <summary>What openssl (not .NET) reads in a certificate, for tests that check .NET's reading of it.</summary>
public static class OpensslCertificate
{
    /// <summary>The certificate's notAfter in Unix seconds, from <c>openssl x509 -enddate</c>.</summary>
    /// <exception cref="InvalidOperationException">openssl failed or printed no end date.</exception>
    public static double NotAfter(string pem)
    {
        var start = new ProcessStartInfo("openssl", ["x509", "-noout", "-enddate", "-dateopt", "iso_8601", "-in", pem]) { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var line = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        if (process.ExitCode != 0 || !line.StartsWith("notAfter=", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"openssl x509 -enddate {pem} exited {process.ExitCode}: '{line}'");
        }

        return DateTimeOffset.ParseExact(line["notAfter=".Length..], "yyyy-MM-dd HH:mm:ssZ", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUnixTimeSeconds();
    }
}
