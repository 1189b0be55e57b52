namespace Monitor.Core.Findings.Messages;

/// <summary>
/// One entry of the catalogue: the sentence of one finding kind and variant in each language.
/// Placeholders are <c>{name}</c>, <c>{name:0.#}</c> (a number's format), <c>{name:id}</c> (an entity by its id alone in English),
/// <c>{name:name}</c> (by its name alone in English), <c>{name:ms}</c> (a duration in milliseconds), <c>{name:binary}</c>
/// (bytes in GiB/MiB), <c>{name:fine}</c> (a small share with a decimal) or <c>{name#one|many}</c>
/// (the word for a count of one, else the other); a part in <c>[...]</c> is written only when
/// every placeholder in it has a value.
/// </summary>
/// <param name="Id">The message id on findings and on the wire.</param>
/// <param name="English">The English sentence.</param>
/// <param name="Japanese">The Japanese sentence, in the regulator's register.</param>
public sealed record MessageTemplate(string Id, string English, string Japanese)
{
    /// <summary>A part of another sentence (<see cref="ArgumentKind.Parts"/>), not a sentence of its own.</summary>
    public bool Fragment { get; init; }

    /// <summary>The sentence in <paramref name="language"/>.</summary>
    public string In(MessageLanguage language) => language == MessageLanguage.Japanese ? Japanese : English;
}
