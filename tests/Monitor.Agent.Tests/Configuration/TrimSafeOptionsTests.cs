using System.Reflection;
using System.Runtime.CompilerServices;
using Monitor.Agent.Configuration;
using Monitor.Agent.Sources;

namespace Monitor.Agent.Tests.Configuration;

/// <summary>
/// The options checks of the trimmed agent read only what was registered with the trimmer's
/// knowledge (ConfigurationKeys.Register): every section type a file can reach must be registered,
/// or the native binary would refuse that section with "nobody registered".
/// </summary>
public sealed class TrimSafeOptionsTests
{
    [Fact]
    public void EverySectionTypeReachableFromTheAgentSection_IsRegistered()
    {
        RuntimeHelpers.RunClassConstructor(typeof(AgentOptionsBinding).TypeHandle);
        Type[] roots = [typeof(AgentOptions), typeof(ReplaySourceOptions), .. SourceRegistry.All.Select(d => d.OptionsType)];

        var missing = roots.SelectMany(Reachable).Distinct().Where(t => !ConfigurationKeys.IsRegistered(t)).Select(t => t.FullName).ToList();

        Assert.Empty(missing);
    }

    // The section types under a type, as ConfigurationKeys.Unknown walks them (Agent:Sources is
    // checked source by source, so SourcesOptions itself is not one).
    private static IEnumerable<Type> Reachable(Type type)
    {
        yield return type;
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var child = property.PropertyType;
            var item = child.IsGenericType && child.GetGenericTypeDefinition() == typeof(List<>) ? child.GetGenericArguments()[0]
                : child.IsGenericType && child.GetGenericTypeDefinition() == typeof(Dictionary<,>) ? child.GetGenericArguments()[1]
                : child;
            if (item.IsClass && item != typeof(string) && !item.IsArray && !item.IsGenericType && item != typeof(SourcesOptions))
            {
                foreach (var nested in Reachable(item))
                {
                    yield return nested;
                }
            }
        }
    }
}
