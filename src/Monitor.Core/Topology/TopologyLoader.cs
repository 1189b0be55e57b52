using System.Text.Json;
using Monitor.Core.Signals;

namespace Monitor.Core.Topology;

/// <summary>
/// Reads a topology file and checks it whole: every reference must name an entity of the right
/// type, ids must be unique, capacities positive. All problems are reported at once, each naming
/// its place in the file (e.g. <c>paths[2].controller</c>).
/// </summary>
public static partial class TopologyLoader
{
    /// <summary>The schema version this build reads.</summary>
    public const int SchemaVersion = 1;

    /// <summary>Parses and validates a topology; throws <see cref="TopologyException"/> naming every problem.</summary>
    /// <param name="json">The file's content.</param>
    /// <param name="sourceName">File name used in problems.</param>
    public static SiteTopology Load(Stream json, string sourceName)
    {
        TopologyDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, TopologyJson.Default.TopologyDocument);
        }
        catch (JsonException e)
        {
            var line = e.LineNumber is { } l ? (int)l + 1 : 0;
            throw new TopologyException([new InputProblem(sourceName, line, $"{e.Path}: {FirstSentence(e.Message)}")]);
        }

        if (document is null)
        {
            throw new TopologyException([new InputProblem(sourceName, 0, "the file is empty or 'null'")]);
        }

        return Build(document, sourceName);
    }

    /// <summary>Validates a parsed document and builds the site.</summary>
    public static SiteTopology Build(TopologyDocument document, string sourceName)
    {
        // Passes in the order their problems are reported: entities first (every reference needs
        // them), then what refers to them, then aliases; nothing is built while a problem stands.
        var build = new Builder(document, sourceName);
        build.CheckSchemaVersion();
        build.Blanks();
        build.Entities();
        build.Populations();
        build.ControllersAndPartners();
        build.Paths();
        build.ServicesAndPopulations();
        build.Aliases();
        return build.Site();
    }

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return end > 0 ? message[..end] : message;
    }
}
