using System.Globalization;
using System.Text.Json;

namespace Monitor.Agent.Sources.Storage;

/// <summary>
/// A Redfish address with a fragment, "/redfish/v1/Systems/1/Storage/1#/StorageControllers/0":
/// the fragment is a JSON pointer (RFC 6901) into the resource at the path. HTTP never sends a
/// fragment, so the path is fetched and the pointer resolved here.
/// </summary>
internal static class RedfishPointer
{
    /// <summary>The path to GET and the pointer into its document ("" for the whole document).</summary>
    public static (string Path, string Pointer) Split(string address)
    {
        var hash = address.IndexOf('#', StringComparison.Ordinal);
        return hash < 0 ? (address, "") : (address[..hash], address[(hash + 1)..]);
    }

    /// <summary>Whether <paramref name="pointer"/> is a JSON pointer: empty, or "/"-separated tokens where "~" is only "~0" or "~1".</summary>
    public static bool IsValid(string pointer)
    {
        if (pointer.Length == 0)
        {
            return true;
        }

        if (pointer[0] != '/')
        {
            return false;
        }

        for (var i = 0; i < pointer.Length; i++)
        {
            if (pointer[i] == '~' && (i + 1 >= pointer.Length || pointer[i + 1] is not ('0' or '1')))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>What <paramref name="pointer"/> names in <paramref name="document"/>; null when nothing is there.</summary>
    public static JsonElement? Resolve(JsonElement document, string pointer)
    {
        var current = document;
        if (pointer.Length == 0)
        {
            return current;
        }

        foreach (var raw in pointer[1..].Split('/'))
        {
            // RFC 6901: "~1" is "/" and "~0" is "~", in that order.
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var property))
            {
                current = property;
            }
            else if (current.ValueKind == JsonValueKind.Array
                && (token == "0" || (token.Length > 0 && token[0] != '0'))
                && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return null;
            }
        }

        return current;
    }

    /// <summary>The last token of <paramref name="pointer"/>'s parent ("StorageControllers" for "/StorageControllers/1"), unescaped.</summary>
    public static string? Parent(string pointer)
    {
        var tokens = pointer.Split('/');
        return tokens.Length >= 3 ? tokens[^2].Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal) : null;
    }
}
