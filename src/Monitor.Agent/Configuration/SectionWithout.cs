using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace Monitor.Agent.Configuration;

/// <summary>
/// A section as the binder sees it without some of its children, which another binding reads
/// (Agent:Sources is bound source by source). Keys and paths stay those of the file.
/// </summary>
internal sealed class SectionWithout(IConfigurationSection section, IReadOnlyCollection<string> hidden) : IConfigurationSection
{
    private static readonly IConfiguration Empty = new ConfigurationBuilder().Build();

    public string Key => section.Key;

    public string Path => section.Path;

    public string? Value
    {
        get => section.Value;
        set => section.Value = value;
    }

    public string? this[string key]
    {
        get => IsHidden(key) ? null : section[key];
        set => section[key] = value;
    }

    public IConfigurationSection GetSection(string key) => IsHidden(key) ? Empty.GetSection(key) : section.GetSection(key);

    public IEnumerable<IConfigurationSection> GetChildren() => section.GetChildren().Where(c => !IsHidden(c.Key));

    public IChangeToken GetReloadToken() => section.GetReloadToken();

    private bool IsHidden(string key) => hidden.Contains(key, StringComparer.OrdinalIgnoreCase);
}
