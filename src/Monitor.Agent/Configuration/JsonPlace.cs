using System.Text.Json;

namespace Monitor.Agent.Configuration;

/// <summary>Where in a JSON file its syntax error is, in the terms of an editor: line and column from 1.</summary>
public static class JsonPlace
{
    /// <summary>" at line L, column C" for the JSON error inside <paramref name="exception"/>; "" when it carries none.</summary>
    public static string Of(Exception exception)
    {
        for (var inner = exception; inner is not null; inner = inner.InnerException)
        {
            if (inner is JsonException { LineNumber: { } line, BytePositionInLine: { } column })
            {
                return $" at line {line + 1}, column {column + 1}";
            }
        }

        return "";
    }
}
