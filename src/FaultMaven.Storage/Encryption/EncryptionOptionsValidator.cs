using Microsoft.Extensions.Options;

namespace FaultMaven.Storage.Encryption;

/// <summary>Loads the keys once at start, so a missing, unreadable or malformed key stops the service with the key named.</summary>
internal sealed class EncryptionOptionsValidator : IValidateOptions<EncryptionOptions>
{
    public ValidateOptionsResult Validate(string? name, EncryptionOptions options)
    {
        try
        {
            KeySources.Load(options);
            return ValidateOptionsResult.Success;
        }
        catch (EncryptionConfigurationException e)
        {
            return ValidateOptionsResult.Fail(e.Message);
        }
    }
}
