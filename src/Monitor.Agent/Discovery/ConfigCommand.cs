using Monitor.Agent.Sources;

namespace Monitor.Agent.Discovery;

/// <summary>Runs a program that prints settings (postconf, doveconf) and returns its lines; bounded in time.</summary>
internal static class ConfigCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <exception cref="ExternalCommandException">The program is missing, failed or did not answer in time.</exception>
    public static Task<List<string>> LinesAsync(string program, string arguments, CancellationToken cancellationToken) =>
        ExternalCommand.RunAsync(program, arguments, Timeout, TimeProvider.System, ReadLinesAsync, cancellationToken);

    private static async Task<List<string>> ReadLinesAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(stream);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }
}
