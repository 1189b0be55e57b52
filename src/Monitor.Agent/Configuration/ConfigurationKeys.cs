using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace Monitor.Agent.Configuration;

/// <summary>
/// Binds a configuration section to an options object, turning the binder's complaints into
/// messages in the file's own terms: the full key, the value found, and what is expected.
/// </summary>
public static partial class ConfigurationKeys
{
    /// <summary>Binds <paramref name="section"/> to a new <typeparamref name="T"/>; throws <see cref="ConfigurationError"/>.</summary>
    public static T Bind<T>(IConfigurationSection section)
        where T : new()
    {
        var unknown = Unknown(section, typeof(T)).ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigurationError(string.Join(Environment.NewLine, unknown));
        }

        var options = new T();
        BindInto(section, options);
        return options;
    }

    /// <summary>
    /// Binds <paramref name="section"/> into <paramref name="options"/> without checking for unknown
    /// keys first (see <see cref="Unknown"/>); the children named in <paramref name="boundElsewhere"/>
    /// are left to the caller. Throws <see cref="ConfigurationError"/> for a value of the wrong type.
    /// </summary>
    public static void BindInto(IConfigurationSection section, object options, params string[] boundElsewhere)
    {
        var view = boundElsewhere.Length == 0 ? section : new SectionWithout(section, boundElsewhere);
        try
        {
            view.Bind(options, o => o.ErrorOnUnknownConfiguration = true);
        }
        catch (InvalidOperationException e) when (ConversionFailure().Match(e.Message) is { Success: true } m)
        {
            throw new ConfigurationError($"{m.Groups["key"].Value} = '{m.Groups["value"].Value}' is not valid: expected {Expected(m.Groups["type"].Value)}", e);
        }
    }

    /// <summary>
    /// One message per key under <paramref name="section"/> that <paramref name="type"/> has no
    /// setting for, in the file's order. A child with an entry in <paramref name="children"/> is
    /// checked by it instead (a section whose keys are not properties, such as Agent:Sources).
    /// </summary>
    public static IEnumerable<string> Unknown(
        IConfigurationSection section, Type type, IReadOnlyDictionary<string, Func<IConfigurationSection, IEnumerable<string>>>? children = null)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).ToList();
        foreach (var child in section.GetChildren())
        {
            var custom = children?.FirstOrDefault(c => string.Equals(c.Key, child.Key, StringComparison.OrdinalIgnoreCase)).Value;
            var property = properties.FirstOrDefault(p => string.Equals(p.Name, child.Key, StringComparison.OrdinalIgnoreCase));
            if (custom is not null)
            {
                foreach (var nested in custom(child))
                {
                    yield return nested;
                }
            }
            else if (property is null)
            {
                yield return NotKnown(child.Path, properties.Select(p => p.Name));
            }
            else if (IsSection(property.PropertyType))
            {
                foreach (var nested in Unknown(child, property.PropertyType))
                {
                    yield return nested;
                }
            }
            else if (ItemSection(property.PropertyType) is { } item)
            {
                // A list or map of sections (Changes:Files:0:Path): each item is checked by its own type.
                foreach (var nested in child.GetChildren().SelectMany(element => Unknown(element, item)))
                {
                    yield return nested;
                }
            }
        }
    }

    /// <summary>"KEY is not a known setting (known here: A, B)", or where it moved to.</summary>
    public static string NotKnown(string key, IEnumerable<string> known) =>
        MovedSettings.NewPlaceOf(key) is { } moved
            ? $"{key} is not a known setting any more: it moved to {moved}"
            : $"{key} is not a known setting (known here: {string.Join(", ", known)})";

    /// <summary>The item type of a List&lt;T&gt; or Dictionary&lt;string, T&gt; whose items are sections; null otherwise.</summary>
    private static Type? ItemSection(Type type)
    {
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        var item = definition == typeof(List<>) ? type.GetGenericArguments()[0]
            : definition == typeof(Dictionary<,>) ? type.GetGenericArguments()[1]
            : null;
        return item is not null && IsSection(item) ? item : null;
    }

    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !type.IsGenericType;

    private static string Expected(string type) => type switch
    {
        "System.TimeSpan" => "a time span written hh:mm:ss, e.g. 00:00:10",
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" => "a number, e.g. 1.5",
        "System.Boolean" => "true or false",
        _ => $"a value of type {type}",
    };

    [GeneratedRegex("value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();
}
