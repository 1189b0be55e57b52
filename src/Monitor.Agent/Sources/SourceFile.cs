namespace Monitor.Agent.Sources;

/// <summary>Reads a whole interface file (/proc, a capture under Root) with the source's parser.</summary>
public static class SourceFile
{
    /// <summary>
    /// Opens <paramref name="place"/> and parses it; a missing file or folder is an
    /// <see cref="InvalidDataException"/> that names the place, as every other bad input is.
    /// </summary>
    public static T Parse<T>(string place, Func<StreamReader, string, T> parse)
    {
        try
        {
            using var reader = new StreamReader(place);
            return parse(reader, place);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new InvalidDataException($"{place}: not found", e);
        }
    }
}
