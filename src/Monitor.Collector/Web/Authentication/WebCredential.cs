namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// One configured user or token: its name, its role, and the SHA-256 digest of its secret (the
/// secret itself is not kept). <paramref name="Key"/> and <paramref name="File"/> say where it
/// came from, for messages that must never show the secret.
/// </summary>
/// <param name="Name">The user name, or what the token is for.</param>
/// <param name="Role">What it may do.</param>
/// <param name="Digest">SHA-256 of the password or token (UTF-8, trimmed).</param>
/// <param name="Key">The configuration key of its secret file, e.g. <c>Collector:Web:Users:0:PasswordFile</c>.</param>
/// <param name="File">The full path of its secret file.</param>
internal sealed record WebCredential(string Name, WebRole Role, byte[] Digest, string Key, string File);
