namespace FaultMaven.DevBroker;

/// <summary>The advertised port is already taken, most likely by another dev broker.</summary>
public sealed class PortInUseException(int port, Exception inner)
    : Exception($"Port 127.0.0.1:{port} is already in use (another faultmaven-devbroker running?). Stop it, or set another port ({DevBrokerOptions.Section}:Port, --port).", inner);
