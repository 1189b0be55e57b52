namespace Monitor.Core.Topology;

/// <content>
/// Pass 0: the blanks `monitor-agent discover` leaves for what a host cannot know (controller
/// names, the site's regulatory details). A text still starting with <see cref="Blank"/> is a
/// problem naming its place, so a skeleton never runs as if it were the site.
/// </content>
public static partial class TopologyLoader
{
    /// <summary>How a blank to fill starts, e.g. "FILL IN: the controller's name".</summary>
    public const string Blank = "FILL IN";

    /// <summary>Whether a text is a blank left to fill.</summary>
    public static bool IsBlank(string? text) => text is not null && text.StartsWith(Blank, StringComparison.Ordinal);

    private sealed partial class Builder
    {
        public void Blanks()
        {
            if (document.Site is { } site)
            {
                Blank("site.name", site.Name);
                Blank("site.operator", site.Operator);
                Blank("site.location", site.Location);
                Blank("site.area", site.Area);
                Blank("site.timeZone", site.TimeZone);
            }

            for (var i = 0; i < document.Hosts.Count; i++)
            {
                Blank($"hosts[{i}].role", document.Hosts[i].Role);
            }

            for (var i = 0; i < document.Controllers.Count; i++)
            {
                Blank($"controllers[{i}].name", document.Controllers[i].Name);
                Blank($"controllers[{i}].role", document.Controllers[i].Role);
                Blank($"controllers[{i}].partner", document.Controllers[i].Partner);
            }

            for (var i = 0; i < document.ControllerPorts.Count; i++)
            {
                Blank($"controllerPorts[{i}].controller", document.ControllerPorts[i].Controller);
            }

            for (var i = 0; i < document.Volumes.Count; i++)
            {
                Blank($"volumes[{i}].name", document.Volumes[i].Name);
                Blank($"volumes[{i}].role", document.Volumes[i].Role);
            }

            for (var i = 0; i < document.Paths.Count; i++)
            {
                Blank($"paths[{i}].controller", document.Paths[i].Controller);
                Blank($"paths[{i}].volume", document.Paths[i].Volume);
            }

            for (var i = 0; i < document.Services.Count; i++)
            {
                Blank($"services[{i}].name", document.Services[i].Name);
            }

            for (var i = 0; i < document.Populations.Count; i++)
            {
                Blank($"populations[{i}].name", document.Populations[i].Name);
            }
        }

        private void Blank(string place, string? text)
        {
            if (IsBlank(text))
            {
                Problem(place, $"still the blank `monitor-agent discover` left: {text}");
            }
        }
    }
}
