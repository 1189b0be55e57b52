namespace Monitor.Collector.Regulation;

/// <summary>Whether an incident is a major accident (重大な事故) under the regulator's criteria.</summary>
public enum MajorAccidentStatus
{
    /// <summary>No service category is known, so no criteria apply; a person must decide.</summary>
    CategoryUnknown,

    /// <summary>Not one, and with the users so far it will not become one.</summary>
    No,

    /// <summary>Not yet, but it becomes one at <see cref="Classification.MajorAccidentAt"/> if the service is not recovered by then.</summary>
    BecomesOne,

    /// <summary>It is one, since <see cref="Classification.MajorAccidentAt"/>.</summary>
    Yes,
}
