namespace FaultMaven.Storage.Encryption;

/// <summary>The configured encryption keys are missing or unusable; the message names the setting and the key.</summary>
public sealed class EncryptionConfigurationException(string message) : Exception(message);
