namespace Monitor.Collector.Web;

/// <summary>
/// Why an on-call form was not recorded, as a code the redirect carries in <c>?problem=</c> and
/// the fixed sentence the page shows for it. The page shows nothing for any other text, so a link
/// cannot put words of its own on the collector's page.
/// </summary>
public static class OnCallProblems
{
    /// <summary>No signed-in user and no typed name.</summary>
    public const string NameRequired = "name-required";

    /// <summary>A typed name over <see cref="OnCallIdentity.MaxNameLength"/> characters.</summary>
    public const string NameTooLong = "name-too-long";

    /// <summary>A note over <see cref="MaxNoteLength"/> characters.</summary>
    public const string NoteTooLong = "note-too-long";

    /// <summary>Longest note accepted from the form.</summary>
    public const int MaxNoteLength = 2000;

    private static readonly Dictionary<string, string> Sentences = new(StringComparer.Ordinal)
    {
        [NameRequired] = "Your name is required: the timeline records who did what.",
        [NameTooLong] = $"The name is too long; at most {OnCallIdentity.MaxNameLength} characters.",
        [NoteTooLong] = $"The note is too long; at most {MaxNoteLength} characters.",
    };

    /// <summary>The sentence for <paramref name="code"/>, or null for anything the collector did not write.</summary>
    public static string? Sentence(string? code) => code is not null && Sentences.TryGetValue(code, out var sentence) ? sentence : null;
}
