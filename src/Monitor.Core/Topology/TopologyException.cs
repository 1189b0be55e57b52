using Monitor.Core.Signals;

namespace Monitor.Core.Topology;

/// <summary>A topology file that cannot be used; <see cref="Problems"/> lists every place at fault.</summary>
public sealed class TopologyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public TopologyException(IReadOnlyList<InputProblem> problems)
        : base("invalid topology:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  " + p)))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a single message.</summary>
    public TopologyException() : this([]) { }

    /// <summary>Creates the exception with a single message.</summary>
    public TopologyException(string message) : this([new InputProblem("topology", 0, message)]) { }

    /// <summary>Creates the exception with a single message and an inner cause.</summary>
    public TopologyException(string message, Exception innerException) : base(message, innerException)
    {
        Problems = [new InputProblem("topology", 0, message)];
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<InputProblem> Problems { get; } = [];
}
