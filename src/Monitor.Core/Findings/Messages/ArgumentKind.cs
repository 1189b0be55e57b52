namespace Monitor.Core.Findings.Messages;

/// <summary>What a message argument holds, and so how each language writes it.</summary>
public enum ArgumentKind
{
    /// <summary>One entity of the topology: its name in English, its kind and id in Japanese.</summary>
    Entity,

    /// <summary>Several entities of the topology, e.g. the paths that are down.</summary>
    Entities,

    /// <summary>A word of the catalogue's vocabulary (<see cref="MessageTerms"/>), e.g. a function or a direction.</summary>
    Term,

    /// <summary>Text written as it is in every language: a domain, a queue id.</summary>
    Text,

    /// <summary>A moment, written in the site's time zone ("08:53", "8時53分").</summary>
    Time,

    /// <summary>A length of time in seconds: milliseconds, seconds, minutes or hours as its size asks.</summary>
    Duration,

    /// <summary>A share, 1.18 for 118%.</summary>
    Percent,

    /// <summary>A whole count, thousands separated ("40,000").</summary>
    Count,

    /// <summary>A plain figure, written with the placeholder's format ("0.#").</summary>
    Number,

    /// <summary>An amount of bytes ("800 MB").</summary>
    Bytes,

    /// <summary>How many times another figure ("3.2×", "3.2倍").</summary>
    Ratio,

    /// <summary>Parts of a sentence, each a fragment message of its own, e.g. one per host; joined by "; " and "、".</summary>
    Parts,
}
