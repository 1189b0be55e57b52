namespace Monitor.Collector.Web.Authentication;

/// <summary>
/// Reads a password or token from its file. A problem names the key and the file, never what is
/// in it: the message goes to the terminal and to logs.
/// </summary>
internal static class WebSecretFile
{
    /// <summary>The trimmed content of <paramref name="path"/>, or null with a problem added naming <paramref name="key"/>.</summary>
    public static string? Read(List<string> problems, string key, string? path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            problems.Add($"{key} is empty; expected the path of a file holding {what}");
            return null;
        }

        var full = Path.GetFullPath(path);
        string text;
        try
        {
            if (Directory.Exists(full))
            {
                problems.Add($"{key} = '{path}' is a directory ({full}); expected a file holding {what}");
                return null;
            }

            text = File.ReadAllText(full).Trim();
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            problems.Add($"{key} = '{path}': no such file ({full}); expected a file holding {what}");
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            problems.Add($"{key} = '{path}' cannot be read by the collector ({full}): permission denied");
            return null;
        }
        catch (IOException ex)
        {
            // The type only: an I/O message is about the file, but nothing of it is needed here.
            problems.Add($"{key} = '{path}' cannot be read ({full}): {ex.GetType().Name}");
            return null;
        }

        if (text.Length == 0)
        {
            problems.Add($"{key} = '{path}' is empty ({full}); expected {what} in it");
            return null;
        }

        if (text.Any(char.IsControl))
        {
            problems.Add($"{key} = '{path}' holds more than one line or a control character ({full}); expected {what} alone on one line");
            return null;
        }

        return text;
    }
}
