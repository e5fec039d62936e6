namespace FaultMaven.Storage.Encryption;

/// <summary>Where the data encryption keys come from; bound from configuration section <c>FaultMaven:Encryption</c>. Sources may be combined.</summary>
public sealed class EncryptionOptions
{
    public const string SectionName = "FaultMaven:Encryption";

    /// <summary>The key new values are sealed with; when unset, the key file's <c>activeKeyId</c>.</summary>
    public string? ActiveKeyId { get; set; }

    /// <summary>Key id → base64 of 32 random bytes.</summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>A JSON key file (<c>{"activeKeyId": "...", "keys": {"id": "base64"}}</c>) with permissions 0600; <c>fm keys rotate</c> writes here.</summary>
    public string? KeyFile { get; set; }

    /// <summary>A folder with one file per key id holding the base64 key, e.g. a mounted Kubernetes secret.</summary>
    public string? KeyDirectory { get; set; }
}
