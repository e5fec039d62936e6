using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Confluent.SchemaRegistry;
using FaultMaven.Contracts.Avro;

namespace FaultMaven.Pipeline.Serialization;

/// <summary>
/// A schema registry without a server: ids are derived from each schema's canonical text, so every process
/// (worker, API, CLI) agrees on them and the bytes on the wire are those a real registry would produce
/// (magic byte, 4-byte schema id, Avro body). Only the calls the Avro serdes make are supported.
/// </summary>
public sealed class LocalSchemaRegistryClient : ISchemaRegistryClient
{
    private readonly ConcurrentDictionary<int, Schema> schemasById = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<int, int>> versionsBySubject = new();

    public LocalSchemaRegistryClient()
    {
        foreach (var schema in ContractSchemas.All)
        {
            Remember(schema.ToString());
        }
    }

    public IEnumerable<KeyValuePair<string, string>> Config => [];

    public IAuthenticationHeaderValueProvider? AuthHeaderProvider => null;

    public System.Net.IWebProxy? Proxy => null;

    public int MaxCachedSchemas => int.MaxValue;

    public static int IdOf(string schemaText)
    {
        var canonical = global::Avro.Schema.Parse(schemaText).ToString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return BitConverter.ToInt32(hash, 0) & int.MaxValue;
    }

    public Task<int> RegisterSchemaAsync(string subject, string avroSchema, bool normalize = false) =>
        RegisterSchemaAsync(subject, new Schema(avroSchema, SchemaType.Avro), normalize);

    public Task<int> RegisterSchemaAsync(string subject, Schema schema, bool normalize = false)
    {
        var id = Remember(schema.SchemaString);
        var versions = versionsBySubject.GetOrAdd(subject, _ => new ConcurrentDictionary<int, int>());
        versions.GetOrAdd(id, _ => versions.Count + 1);
        return Task.FromResult(id);
    }

    public async Task<RegisteredSchema> RegisterSchemaWithResponseAsync(string subject, Schema schema, bool normalize = false)
    {
        var id = await RegisterSchemaAsync(subject, schema, normalize);
        return await LookupSchemaAsync(subject, schemasById[id], ignoreDeletedSchemas: true, normalize);
    }

    public Task<int> GetSchemaIdAsync(string subject, string avroSchema, bool normalize = false) => RegisterSchemaAsync(subject, avroSchema, normalize);

    public Task<int> GetSchemaIdAsync(string subject, Schema schema, bool normalize = false) => RegisterSchemaAsync(subject, schema, normalize);

    public Task<Schema> GetSchemaAsync(int id, string? format = null) =>
        schemasById.TryGetValue(id, out var schema)
            ? Task.FromResult(schema)
            : throw new SchemaRegistryException($"schema id {id} is not one of FaultMaven's schemas (schemas/*.avsc); was it written by a newer version? Configure FaultMaven:Kafka:SchemaRegistryUrl to use a real registry.", System.Net.HttpStatusCode.NotFound, 40403);

    public Task<Schema> GetSchemaBySubjectAndIdAsync(string subject, int id, string? format = null) => GetSchemaAsync(id, format);

    public Task<RegisteredSchema> LookupSchemaAsync(string subject, Schema schema, bool ignoreDeletedSchemas, bool normalize = false)
    {
        var id = Remember(schema.SchemaString);
        var versions = versionsBySubject.GetOrAdd(subject, _ => new ConcurrentDictionary<int, int>());
        var version = versions.GetOrAdd(id, _ => versions.Count + 1);
        return Task.FromResult(new RegisteredSchema(subject, version, id, schema.SchemaString, SchemaType.Avro, []));
    }

    public Task<Schema> GetSchemaByGuidAsync(string guid, string? format = null) => throw Unsupported();

    public Task<RegisteredSchema> GetRegisteredSchemaAsync(string subject, int version, bool ignoreDeletedSchemas = true) => throw Unsupported();

    public Task<string> GetSchemaAsync(string subject, int version) => throw Unsupported();

    public Task<RegisteredSchema> GetLatestSchemaAsync(string subject) => throw Unsupported();

    public Task<RegisteredSchema> GetLatestWithMetadataAsync(string subject, IDictionary<string, string> metadata, bool ignoreDeletedSchemas) => throw Unsupported();

    public Task<List<string>> GetAllSubjectsAsync() => Task.FromResult(versionsBySubject.Keys.ToList());

    public Task<List<int>> GetSubjectVersionsAsync(string subject) =>
        Task.FromResult(versionsBySubject.TryGetValue(subject, out var versions) ? versions.Values.Order().ToList() : []);

    public Task<bool> IsCompatibleAsync(string subject, string avroSchema) => throw Unsupported();

    public Task<bool> IsCompatibleAsync(string subject, Schema schema) => throw Unsupported();

    public string ConstructKeySubjectName(string topic, string? recordType = null) => $"{topic}-key";

    public string ConstructValueSubjectName(string topic, string? recordType = null) => $"{topic}-value";

    public Task<Compatibility> GetCompatibilityAsync(string? subject = null) => Task.FromResult(Compatibility.Backward);

    public Task<Compatibility> UpdateCompatibilityAsync(Compatibility compatibility, string? subject = null) => throw Unsupported();

    /// <summary>No topic is associated with a subject here, so the serializers fall back to topic-named subjects.</summary>
    public Task<List<Association>> GetAssociationsByResourceNameAsync(string resourceName, string resourceNamespace, string resourceType, List<string> associationTypes, string lifecycle, int offset, int limit) =>
        Task.FromResult(new List<Association>());

    public Task<AssociationResponse> CreateAssociationAsync(AssociationCreateOrUpdateRequest request) => throw Unsupported();

    public Task DeleteAssociationsAsync(string resourceId, string resourceType, List<string> associationTypes, bool cascadeLifecycle) => throw Unsupported();

    public void ClearLatestCaches()
    {
    }

    public void ClearCaches()
    {
    }

    public void Dispose()
    {
    }

    private int Remember(string schemaText)
    {
        var id = IdOf(schemaText);
        schemasById.TryAdd(id, new Schema(schemaText, SchemaType.Avro));
        return id;
    }

    private static NotSupportedException Unsupported([System.Runtime.CompilerServices.CallerMemberName] string call = "") =>
        new($"{call} needs a schema registry server; set FaultMaven:Kafka:SchemaRegistryUrl");
}
