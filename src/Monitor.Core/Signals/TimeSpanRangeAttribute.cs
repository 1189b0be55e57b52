using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Monitor.Core.Signals;

/// <summary>
/// A time span setting's allowed range, inclusive. <see cref="RangeAttribute"/> with
/// <c>typeof(TimeSpan)</c> converts its bounds through a reflected TypeConverter, which trimming
/// breaks; this one parses them itself and writes the same message.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    /// <summary>The range from <paramref name="minimum"/> to <paramref name="maximum"/>, written like 00:00:01 or 1.00:00:00.</summary>
    public TimeSpanRangeAttribute(string minimum, string maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    /// <summary>The smallest allowed value.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>The largest allowed value.</summary>
    public TimeSpan Maximum { get; }

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value is null || (value is TimeSpan span && span >= Minimum && span <= Maximum);

    /// <inheritdoc/>
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
