namespace Monitor.Agent.Discovery;

/// <summary>
/// Whether Postfix is on the host, and where it keeps mail: its queue (queue_directory: a queue on
/// the failing store stops delivery too), the local spool (mail_spool_directory, used when
/// home_mailbox is empty) and virtual_mailbox_base. Asked of `postconf -h` on the live host (or
/// with --postfix-config), else read from main.cf under the root.
/// </summary>
internal static class PostfixDiscovery
{
    private static readonly string[] Keys = ["queue_directory", "mail_spool_directory", "home_mailbox", "virtual_mailbox_base", "mail_version"];

    public static async Task<IReadOnlyList<(string Path, string Why)>> ReadAsync(DiscoverOptions options, HostInventory inventory, CancellationToken cancellationToken)
    {
        Dictionary<string, string>? settings = null;
        var from = "";
        if (options.LiveHost || options.PostfixConfig.Length > 0)
        {
            var arguments = (options.PostfixConfig.Length > 0 ? $"-c {options.PostfixConfig} " : "") + "-h " + string.Join(' ', Keys);
            from = $"{options.Postconf} {arguments}";
            try
            {
                var lines = await ConfigCommand.LinesAsync(options.Postconf, arguments, cancellationToken);
                settings = Keys.Zip(lines).ToDictionary(p => p.First, p => p.Second.Trim(), StringComparer.Ordinal);
                if (lines.Count != Keys.Length)
                {
                    inventory.Problems.Add($"{from}: {lines.Count} lines, expected {Keys.Length} (one a setting)");
                    settings = null;
                }
            }
            catch (Sources.ExternalCommandException e) when (options.PostfixConfig.Length == 0)
            {
                inventory.Notes.Add($"{e.Message}; reading main.cf instead");
            }
            catch (Sources.ExternalCommandException e)
            {
                inventory.Problems.Add(e.Message);
                return [];
            }
        }

        if (settings is null)
        {
            var mainCf = options.UnderRoot("/etc/postfix/main.cf");
            if (!File.Exists(mainCf))
            {
                inventory.Notes.Add($"{mainCf}: not found, so no Postfix");
                return [];
            }

            from = mainCf;
            settings = ReadMainCf(mainCf);
        }

        var stores = new List<(string Path, string Why)>();
        void Store(string key, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return;
            }

            if (!value.StartsWith('/') || value.Contains('$', StringComparison.Ordinal))
            {
                inventory.Notes.Add($"{from}: Postfix {key} = '{value}' is not an absolute path discover can follow; add its mount by hand");
                return;
            }

            stores.Add((value.TrimEnd('/'), $"Postfix {key}"));
        }

        Store("queue_directory", settings.GetValueOrDefault("queue_directory", "/var/spool/postfix"));
        var homeMailbox = settings.GetValueOrDefault("home_mailbox", "");
        if (homeMailbox.Length == 0)
        {
            Store("mail_spool_directory", settings.GetValueOrDefault("mail_spool_directory", "/var/mail"));
        }
        else
        {
            inventory.Notes.Add($"{from}: Postfix delivers into each user's home (home_mailbox = {homeMailbox}); add the mount of the homes by hand");
        }

        Store("virtual_mailbox_base", settings.GetValueOrDefault("virtual_mailbox_base", ""));
        var version = settings.GetValueOrDefault("mail_version");
        inventory.MailSoftware.Add(new MailSoftwareFact("Postfix", string.IsNullOrEmpty(version) ? null : version, ["smtp-in", "smtp-out"], from));
        return stores;
    }

    // main.cf(5): "name = value", a line starting with white space continues the one before, # a comment.
    private static Dictionary<string, string> ReadMainCf(string path)
    {
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        string? last = null;
        foreach (var line in File.ReadLines(path))
        {
            if (line.TrimStart().StartsWith('#') || line.Trim().Length == 0)
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) && last is not null)
            {
                settings[last] = $"{settings[last]} {line.Trim()}".Trim();
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                last = line[..equals].Trim();
                settings[last] = line[(equals + 1)..].Trim();
            }
        }

        return settings;
    }
}
