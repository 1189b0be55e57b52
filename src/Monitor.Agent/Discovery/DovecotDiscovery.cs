namespace Monitor.Agent.Discovery;

/// <summary>
/// Whether Dovecot is on the host, the protocols it serves (the functions users see) and where
/// it keeps mail: the fixed part of mail_location (Dovecot 2.3) or mail_path (2.4), e.g.
/// "mdbox:/srv/vmail/%d/%n" keeps mail under /srv/vmail, and mail_home when the location is
/// under "~". Asked of `doveconf -h` on the live host (or with --dovecot-config), else read from
/// dovecot.conf and the files it includes under the root.
/// </summary>
internal static class DovecotDiscovery
{
    // Protocols that are not something a user does (lmtp is Postfix's way in).
    private static readonly HashSet<string> NotFunctions = new(StringComparer.Ordinal) { "lmtp", "none" };

    public static async Task<IReadOnlyList<(string Path, string Why)>> ReadAsync(DiscoverOptions options, HostInventory inventory, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? settings = null;
        var from = "";
        if (options.LiveHost || options.DovecotConfig.Length > 0)
        {
            (settings, from) = await AskAsync(options, inventory, cancellationToken);
            if (settings is null && options.DovecotConfig.Length > 0)
            {
                return [];
            }
        }

        if (settings is null)
        {
            var conf = options.UnderRoot("/etc/dovecot/dovecot.conf");
            if (!File.Exists(conf))
            {
                inventory.Notes.Add($"{conf}: not found, so no Dovecot");
                return [];
            }

            from = conf;
            settings = new Dictionary<string, string>(StringComparer.Ordinal);
            ReadConf(options, conf, settings, inventory, depth: 0);
        }

        var functions = settings.GetValueOrDefault("protocols", "imap pop3 lmtp")
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(p => !NotFunctions.Contains(p)).Distinct(StringComparer.Ordinal).ToList();
        inventory.MailSoftware.Add(new MailSoftwareFact("Dovecot", null, functions, from));

        var location = settings.GetValueOrDefault("mail_location") ?? settings.GetValueOrDefault("mail_path") ?? "";
        if (location.Length == 0)
        {
            inventory.Notes.Add($"{from}: Dovecot's mail location is not set (it looks for the mail itself); add the store's mount by hand");
            return [];
        }

        var stores = new List<(string Path, string Why)>();
        foreach (var (place, what) in LocationPaths(location))
        {
            var path = place.StartsWith('~') ? HomeBase(settings.GetValueOrDefault("mail_home", "")) : FixedPart(place);
            if (path is null)
            {
                inventory.Notes.Add($"{from}: Dovecot {what} '{place}' is under each user's home, which discover cannot place; add the mount of the homes by hand");
            }
            else
            {
                stores.Add((path, $"Dovecot {what}"));
            }
        }

        return stores;
    }

    /// <summary>The paths in a mail location: "mbox:~/mail:INBOX=/var/mail/%u" holds ~/mail (the mail) and /var/mail/%u (INBOX).</summary>
    internal static IEnumerable<(string Place, string What)> LocationPaths(string location)
    {
        var parts = location.Split(':');
        var first = parts.Length > 1 && !parts[0].Contains('/', StringComparison.Ordinal) ? 1 : 0; // "maildir:" and the like
        if (first < parts.Length && parts[first].Length > 0)
        {
            yield return (parts[first], "mail_location");
        }

        foreach (var option in parts.Skip(first + 1))
        {
            var equals = option.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0 && option[..equals] is "INBOX" or "INDEX" or "CONTROL" && option[(equals + 1)..].Length > 0)
            {
                yield return (option[(equals + 1)..], $"mail_location {option[..equals]}");
            }
        }
    }

    /// <summary>The folder every user's mail is under: "/srv/vmail/%d/%n" is under /srv/vmail; null when none is fixed.</summary>
    internal static string? FixedPart(string place)
    {
        var variable = place.IndexOf('%', StringComparison.Ordinal);
        var path = variable < 0 ? place : place[..variable];
        if (variable >= 0)
        {
            path = path[..(path.LastIndexOf('/') + 1)];
        }

        path = path.TrimEnd('/');
        return path.StartsWith('/') ? path : null;
    }

    private static string? HomeBase(string mailHome) => mailHome.Length > 0 ? FixedPart(mailHome) : null;

    private static async Task<(Dictionary<string, string>? Settings, string From)> AskAsync(DiscoverOptions options, HostInventory inventory, CancellationToken cancellationToken)
    {
        var config = options.DovecotConfig.Length > 0 ? $"-c {options.DovecotConfig} " : "";
        string? failure = null;
        // Dovecot 2.4 renamed mail_location to mail_path: ask in 2.3's words, then in 2.4's (a
        // version prints nothing for a name it does not know, or fails).
        foreach (var location in new[] { "mail_location", "mail_path" })
        {
            var arguments = $"{config}-h {location} mail_home protocols";
            try
            {
                var lines = await ConfigCommand.LinesAsync(options.Doveconf, arguments, cancellationToken);
                if (lines.Count == 3)
                {
                    return (new Dictionary<string, string>(StringComparer.Ordinal)
                    {
                        [location] = lines[0].Trim(),
                        ["mail_home"] = lines[1].Trim(),
                        ["protocols"] = lines[2].Trim(),
                    }, $"{options.Doveconf} {arguments}");
                }

                failure ??= $"{options.Doveconf} {arguments}: {lines.Count} lines, expected 3 (one a setting)";
            }
            catch (Sources.ExternalCommandException e)
            {
                failure ??= e.Message;
                if (e.InnerException is System.ComponentModel.Win32Exception)
                {
                    break; // Not installed: asking again says the same.
                }
            }
        }

        if (options.DovecotConfig.Length > 0)
        {
            inventory.Problems.Add(failure!);
        }
        else
        {
            inventory.Notes.Add($"{failure}; reading dovecot.conf instead");
        }

        return (null, "");
    }

    // dovecot.conf: "key = value" at the top level (not inside a "section {"), "!include" and
    // "!include_try" of other files (globs, relative to the including file), "$key" for the value so far.
    private static void ReadConf(DiscoverOptions options, string path, Dictionary<string, string> settings, HostInventory inventory, int depth)
    {
        if (depth > 8)
        {
            inventory.Problems.Add($"{path}: includes nested more than 8 deep; not read");
            return;
        }

        var sections = 0;
        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            if (line.StartsWith("!include", StringComparison.Ordinal))
            {
                var pattern = line[(line.IndexOf(' ', StringComparison.Ordinal) + 1)..].Trim();
                var full = pattern.StartsWith('/') ? options.UnderRoot(pattern) : Path.Combine(Path.GetDirectoryName(path)!, pattern);
                var folder = Path.GetDirectoryName(full)!;
                if (Directory.Exists(folder))
                {
                    foreach (var file in Directory.EnumerateFiles(folder, Path.GetFileName(full)).Order(StringComparer.Ordinal))
                    {
                        ReadConf(options, file, settings, inventory, depth + 1);
                    }
                }

                continue;
            }

            sections += line.Count(c => c == '{') - line.Count(c => c == '}');
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (sections == 0 && equals > 0 && !line.Contains('{', StringComparison.Ordinal) && !line.Contains('}', StringComparison.Ordinal))
            {
                var key = line[..equals].Trim();
                var value = line[(equals + 1)..].Trim();
                settings[key] = value.Replace($"${key}", settings.GetValueOrDefault(key, ""), StringComparison.Ordinal).Trim();
            }
        }
    }
}
