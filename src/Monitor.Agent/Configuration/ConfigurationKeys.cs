using System.Diagnostics.CodeAnalysis;
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
    private const DynamicallyAccessedMemberTypes Settings = DynamicallyAccessedMemberTypes.PublicProperties;

    // The settings of each options type, read from types whose properties the trimmer was told to
    // keep (a reflected PropertyType carries no such promise, so nested sections are registered too).
    private static readonly Dictionary<Type, PropertyInfo[]> Shapes = [];
    private static readonly Lock ShapesLock = new();

    /// <summary>
    /// Makes <typeparamref name="T"/>'s settings known to <see cref="Unknown"/>; every options type
    /// that is a section, or the item of a list or map of sections, is registered before it is checked.
    /// </summary>
    public static void Register<[DynamicallyAccessedMembers(Settings)] T>()
    {
        lock (ShapesLock)
        {
            Shapes.TryAdd(typeof(T), [.. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite)]);
        }
    }

    /// <summary>Whether <paramref name="type"/>'s settings are known (see <see cref="Register"/>).</summary>
    public static bool IsRegistered(Type type)
    {
        lock (ShapesLock)
        {
            return Shapes.ContainsKey(type);
        }
    }

    /// <summary>Binds <paramref name="section"/> to a new <typeparamref name="T"/>; throws <see cref="ConfigurationError"/>.</summary>
    /// <param name="section">The section.</param>
    /// <param name="bind">Binds a view of the section into a new options object (a call the binding generator sees with its type).</param>
    public static T Bind<[DynamicallyAccessedMembers(Settings)] T>(IConfigurationSection section, Action<IConfiguration, T> bind)
        where T : new()
    {
        Register<T>();
        var unknown = Unknown(section, typeof(T)).ToList();
        if (unknown.Count > 0)
        {
            throw new ConfigurationError(string.Join(Environment.NewLine, unknown));
        }

        var options = new T();
        BindInto(section, view => bind(view, options));
        return options;
    }

    /// <summary>The binder's options for every section: a key the options type has no setting for is an error.</summary>
    public static void Strict(BinderOptions options) => options.ErrorOnUnknownConfiguration = true;

    /// <summary>
    /// Binds <paramref name="section"/> with <paramref name="bind"/> (a <c>Bind(options, Strict)</c> call on
    /// the concrete options type, which the binding generator turns into code) without checking for
    /// unknown keys first (see <see cref="Unknown"/>); the children named in <paramref name="boundElsewhere"/>
    /// are left to the caller. Throws <see cref="ConfigurationError"/> for a value of the wrong type.
    /// </summary>
    public static void BindInto(IConfigurationSection section, Action<IConfiguration> bind, params string[] boundElsewhere)
    {
        var view = boundElsewhere.Length == 0 ? section : new SectionWithout(section, boundElsewhere);
        try
        {
            bind(view);
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
        var properties = Known(type);
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

    private static PropertyInfo[] Known(Type type)
    {
        lock (ShapesLock)
        {
            return Shapes.TryGetValue(type, out var properties)
                ? properties
                : throw new InvalidOperationException($"{type} is an options type nobody registered with ConfigurationKeys.Register");
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
