namespace Monitor.Core.Findings.Messages;

/// <summary>
/// A finding's sentence as an entry of the <see cref="MessageCatalogue"/> and the arguments it is
/// written with: the agent writes the English explanation from it, the collector writes each
/// report's language from it.
/// </summary>
/// <param name="Id">The catalogue entry, e.g. "controller_failed.partner_alone".</param>
/// <param name="Arguments">The values of its placeholders; a placeholder inside [...] may have none.</param>
public sealed record FindingMessage(string Id, IReadOnlyList<MessageArgument> Arguments)
{
    /// <summary>A message with these arguments; null arguments (an optional part with nothing to say) are left out.</summary>
    public static FindingMessage Of(string id, params MessageArgument?[] arguments) =>
        new(id, [.. arguments.OfType<MessageArgument>()]);

    /// <summary>The argument that fills <paramref name="name"/>, or null.</summary>
    public MessageArgument? Argument(string name)
    {
        foreach (var argument in Arguments)
        {
            if (argument.Name == name)
            {
                return argument;
            }
        }

        return null;
    }
}
