namespace Monitor.Agent.Options;

/// <summary>Options of one source that check their own values beyond the common ones.</summary>
public interface IValidatableOptions
{
    /// <summary>One message per problem: "KEY = 'VALUE' is not valid: expected ...".</summary>
    /// <param name="keyPrefix">The section, e.g. "Agent:Sources:Redfish".</param>
    IEnumerable<string> Validate(string keyPrefix);
}
