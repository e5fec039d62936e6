namespace FaultMaven.DevBroker;

/// <summary>One or more settings are invalid; the message has one line per setting, naming its key.</summary>
public sealed class InvalidDevBrokerOptionsException(IEnumerable<string> errors)
    : Exception(string.Join(Environment.NewLine, errors));
