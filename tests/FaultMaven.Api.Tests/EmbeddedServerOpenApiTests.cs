using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace FaultMaven.Api.Tests;

/// <summary>The served OpenAPI document against the running API with its embedded authorization server.</summary>
public sealed partial class EmbeddedServerTests
{
    private static readonly string[] OperationKeys = ["get", "put", "post", "delete", "patch"];

    [Fact]
    public async Task Every_operation_of_the_openapi_document_gives_each_documented_status_a_response_schema()
    {
        var document = await OpenApiAsync();
        var failures = new List<string>();
        var operations = Operations(document).ToList();

        foreach (var (name, operation) in operations)
        {
            var responses = operation.TryGetProperty("responses", out var found) ? found.EnumerateObject().ToList() : [];
            if (responses.Count == 0)
            {
                failures.Add($"{name}: no responses");
            }

            failures.AddRange(responses
                .Where(response => !(response.Value.TryGetProperty("content", out var content) && content.EnumerateObject().Any(media => media.Value.TryGetProperty("schema", out _))))
                .Select(response => $"{name} {response.Name}: no response schema"));
        }

        Assert.True(operations.Count >= 25, $"only {operations.Count} operations: {string.Join(", ", operations.Select(o => o.Name))}");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task The_openapi_document_describes_the_bearer_scheme_the_oauth2_flows_with_their_scope_and_the_role_each_operation_needs()
    {
        var document = await OpenApiAsync();

        var schemes = document.GetProperty("components").GetProperty("securitySchemes");
        Assert.Equal(("http", "bearer"), (schemes.GetProperty("bearer").GetProperty("type").GetString(), schemes.GetProperty("bearer").GetProperty("scheme").GetString()));
        var flows = schemes.GetProperty("oauth2").GetProperty("flows");
        Assert.Equal("/connect/token", flows.GetProperty("clientCredentials").GetProperty("tokenUrl").GetString());
        Assert.Equal("/connect/authorize", flows.GetProperty("authorizationCode").GetProperty("authorizationUrl").GetString());
        Assert.True(flows.GetProperty("clientCredentials").GetProperty("scopes").TryGetProperty("api", out _), flows.ToString());
        var operations = Operations(document).ToDictionary(o => o.Name, o => o.Operation);
        Assert.Equal(["bearer", "oauth2"], SchemesOf(operations["POST /feedback"]));
        Assert.Contains("responder or admin", operations["POST /feedback"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("viewer or responder or admin", operations["GET /findings/{id}"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Contains("admin", operations["GET /audit"].GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Empty(SchemesOf(operations["POST /services/collector/raw"]));
        var unsecured = operations.Where(o => !o.Key.Contains("/services/collector", StringComparison.Ordinal) && SchemesOf(o.Value).Count == 0).Select(o => o.Key).ToList();
        Assert.True(unsecured.Count == 0, $"operations without a security requirement: {string.Join(", ", unsecured)}");
    }

    [Fact]
    public async Task Every_operation_that_needs_a_token_documents_401_and_403_as_problem_details()
    {
        var secured = Operations(await OpenApiAsync()).Where(o => SchemesOf(o.Operation).Count > 0).ToList();
        var missing = (from o in secured
                       from status in new[] { "401", "403" }
                       where !(o.Operation.GetProperty("responses").TryGetProperty(status, out var response)
                               && response.TryGetProperty("content", out var content)
                               && content.TryGetProperty("application/problem+json", out var media)
                               && media.TryGetProperty("schema", out _))
                       select $"{o.Name} {status}").ToList();

        Assert.True(secured.Count >= 15, $"only {secured.Count} operations need a token");
        Assert.True(missing.Count == 0, $"no problem response documented for: {string.Join(", ", missing)}");
    }

    [Fact]
    public async Task Representative_calls_answer_with_a_status_their_operation_documents()
    {
        var documented = Operations(await OpenApiAsync()).ToDictionary(
            o => o.Name, o => o.Operation.GetProperty("responses").EnumerateObject().Select(r => int.Parse(r.Name, System.Globalization.CultureInfo.InvariantCulture)).ToHashSet());
        var token = EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret));
        var seen = new List<string>();

        async Task<JsonElement> Call(string operation, HttpMethod method, string path, HttpContent? body, int expected)
        {
            using var request = Authorized(method, path, token, body);
            using var response = await api.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            seen.Add($"{operation} {path}: {status} {text[..Math.Min(text.Length, 300)]}");
            Assert.True(status == expected, string.Join('\n', seen));
            Assert.True(documented[operation].Contains(status), $"{operation} answered {status}, documented: {string.Join(", ", documented[operation].Order())}");
            return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        }

        await Call("GET /findings", HttpMethod.Get, "/findings?limit=5", null, 200);
        await Call("GET /findings", HttpMethod.Get, "/findings?kind=nope", null, 400);
        await Call("GET /findings/{id}", HttpMethod.Get, "/findings/nope", null, 404);
        await Call("GET /incidents/{id}", HttpMethod.Get, "/incidents/nope", null, 404);
        await Call("POST /query", HttpMethod.Post, "/query", new FormUrlEncodedContent([new("question", "why")]), 415);
        var brokenJson = await Call("POST /query", HttpMethod.Post, "/query", new StringContent("{\"question\":", Encoding.UTF8, "application/json"), 400);
        Assert.Contains("(line 1, byte 13)", brokenJson.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await Call("GET /context/retrieve", HttpMethod.Get, "/context/retrieve", null, 400);
        await Call("GET /suggestions", HttpMethod.Get, "/suggestions?incidentId=inc-missing", null, 404);
        var lines = string.Join('\n', Enumerable.Range(0, 30).Select(i => $"2026-11-30T10:00:{i:00}Z ERROR could not write to file \"pg_wal/xlogtemp.{i}\": No space left on device"));
        var analysis = await Call("POST /logs/analyze", HttpMethod.Post, "/logs/analyze", JsonContent.Create(new { logs = lines, source = $"openapi-{Guid.NewGuid():N}", storeAsIncident = true }), 200);
        var incidentId = analysis.GetProperty("incidentIds").EnumerateArray().First().GetString();
        var rootCause = analysis.GetProperty("analysis").GetProperty("suggestions")[0].GetProperty("rootCause").GetString();
        await Call("POST /feedback", HttpMethod.Post, "/feedback", new StringContent("{}", Encoding.UTF8, "application/json"), 400);
        await Call("POST /feedback", HttpMethod.Post, "/feedback", JsonContent.Create(new { incidentId = "inc-missing", rootCause, outcome = "worked" }), 404);
        await Call("POST /feedback", HttpMethod.Post, "/feedback", JsonContent.Create(new { incidentId, rootCause, outcome = "worked" }), 201);
    }

    [Fact]
    public async Task Every_parameter_of_the_openapi_document_is_camel_case_and_the_findings_list_takes_the_paging_and_filter_parameters()
    {
        var operations = Operations(await OpenApiAsync()).ToDictionary(o => o.Name, o => o.Operation);
        var parameters = (from o in operations
                          where o.Value.TryGetProperty("parameters", out _)
                          from parameter in o.Value.GetProperty("parameters").EnumerateArray()
                          select (Operation: o.Key, Name: parameter.GetProperty("name").GetString()!)).ToList();

        var misnamed = parameters.Where(p => !CamelCase().IsMatch(p.Name)).Select(p => $"{p.Operation}: {p.Name}").ToList();
        Assert.True(parameters.Count >= 30 && misnamed.Count == 0, $"{parameters.Count} parameters; not camelCase: {string.Join(", ", misnamed)}");
        Assert.Equal(
            ["cursor", "from", "kind", "limit", "severity", "source", "to"],
            parameters.Where(p => p.Operation == "GET /findings").Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Contains(("GET /context/retrieve", "limit"), parameters);
    }

    [Fact]
    public async Task Every_parameter_has_a_typed_schema_and_the_time_range_is_documented_as_date_times()
    {
        var parameters = (from o in Operations(await OpenApiAsync())
                          where o.Operation.TryGetProperty("parameters", out _)
                          from parameter in o.Operation.GetProperty("parameters").EnumerateArray()
                          select (o.Name, Parameter: parameter.GetProperty("name").GetString()!, Schema: parameter.GetProperty("schema"))).ToList();

        var untyped = parameters
            .Where(p => !p.Schema.TryGetProperty("type", out _) && !p.Schema.TryGetProperty("$ref", out _) && !p.Schema.TryGetProperty("enum", out _))
            .Select(p => $"{p.Name}: {p.Parameter} {p.Schema}")
            .ToList();
        Assert.True(untyped.Count == 0, $"parameters without a type:\n{string.Join('\n', untyped)}");
        Assert.All(
            parameters.Where(p => p.Parameter is "from" or "to"),
            p => Assert.True(p.Schema.TryGetProperty("format", out var format) && format.GetString() == "date-time", $"{p.Name}: {p.Parameter} {p.Schema}"));
    }

    [Fact]
    public async Task Every_post_operation_documents_a_schema_for_each_media_type_it_reads_and_an_example_for_json()
    {
        var document = await OpenApiAsync();
        JsonElement Resolve(JsonElement schema) => Dereference(document, schema);
        // Parameters only: the window and source of a pull are in the query.
        string[] bodiless = ["POST /integrations/{store}/pull"];
        var posts = Operations(document).Where(o => o.Name.StartsWith("POST ", StringComparison.Ordinal) && !bodiless.Contains(o.Name)).ToList();
        var failures = new List<string>();
        var media = new Dictionary<string, JsonElement>();

        foreach (var (name, operation) in posts)
        {
            if (!(operation.TryGetProperty("requestBody", out var body) && body.TryGetProperty("content", out var content) && content.EnumerateObject().Any()))
            {
                failures.Add($"{name}: no request body");
                continue;
            }

            foreach (var type in content.EnumerateObject())
            {
                if (!type.Value.TryGetProperty("schema", out var schema) || Resolve(schema).EnumerateObject().Count() == 0)
                {
                    failures.Add($"{name} {type.Name}: no schema");
                    continue;
                }

                media[$"{name} {type.Name}"] = Resolve(schema);
                if (type.Name == "application/json" && !(Resolve(schema).TryGetProperty("examples", out var examples) && examples.GetArrayLength() > 0))
                {
                    failures.Add($"{name} {type.Name}: no example");
                }
            }
        }

        Assert.True(posts.Count >= 10, $"only {posts.Count} POST operations: {string.Join(", ", posts.Select(p => p.Name))}");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
        Assert.Equal("string", media["POST /logs/analyze text/plain"].GetProperty("type").GetString());
        Assert.Equal("string", media["POST /logs/ingest application/x-ndjson"].GetProperty("type").GetString());
        Assert.Equal("binary", media["POST /logs/analyze multipart/form-data"].GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.Equal("binary", media["POST /logs/ingest multipart/form-data"].GetProperty("properties").GetProperty("file").GetProperty("format").GetString());
        Assert.True(media["POST /logs/analyze application/json"].GetProperty("properties").TryGetProperty("storeAsIncident", out _), media["POST /logs/analyze application/json"].ToString());
        var receipt = Resolve(Operations(document).Single(o => o.Name == "POST /integrations/{store}/pull").Operation
            .GetProperty("responses").GetProperty("202").GetProperty("content").GetProperty("application/json").GetProperty("schema"));
        Assert.Equal(2, receipt.GetProperty("examples")[0].GetProperty("lines").GetInt32());
    }

    [Fact]
    public async Task Every_property_of_every_schema_has_a_type_and_the_request_bodies_require_only_what_their_endpoints_require()
    {
        var document = await OpenApiAsync();
        var schemas = document.GetProperty("components").GetProperty("schemas");
        var untyped = new List<string>();
        foreach (var schema in schemas.EnumerateObject())
        {
            foreach (var property in schema.Value.TryGetProperty("properties", out var properties) ? properties.EnumerateObject() : Enumerable.Empty<JsonProperty>())
            {
                if (!Described(property.Value))
                {
                    untyped.Add($"{schema.Name}.{property.Name}: {property.Value}");
                }
            }
        }

        Assert.True(untyped.Count == 0, $"properties without a type:\n{string.Join('\n', untyped)}");
        Assert.Equal(["incidentId", "outcome", "rootCause"], Required(schemas.GetProperty("FeedbackRequest")));
        Assert.Empty(Required(schemas.GetProperty("QueryRequest")));
        var oneOfThem = schemas.GetProperty("QueryRequest").GetProperty("anyOf").EnumerateArray().Select(option => string.Join(",", Required(option)));
        Assert.Equal(["incidentId", "logs", "question"], oneOfThem.Order(StringComparer.Ordinal));
        Assert.Equal(["logs"], Required(schemas.GetProperty("AnalyzeLogsRequest")));
        // Optional: may be null. Required in a request body: a null is refused as a missing value is.
        var question = schemas.GetProperty("QueryRequest").GetProperty("properties").GetProperty("question");
        Assert.Equal(["null", "string"], question.GetProperty("type").EnumerateArray().Select(type => type.GetString()!).Order(StringComparer.Ordinal));
        var feedback = schemas.GetProperty("FeedbackRequest").GetProperty("properties");
        Assert.Equal("string", feedback.GetProperty("incidentId").GetProperty("type").GetString());
        Assert.Equal(2, feedback.GetProperty("note").GetProperty("type").GetArrayLength());
        // In a response, a required property is always present and may be null.
        Assert.Equal(2, schemas.GetProperty("FindingResponse").GetProperty("properties").GetProperty("service").GetProperty("type").GetArrayLength());

        // A property is described by a type, a reference, a combination of schemas or the values it may take.
        static bool Described(JsonElement property) =>
            property.TryGetProperty("type", out _) || property.TryGetProperty("$ref", out _) || property.TryGetProperty("enum", out _)
            || property.TryGetProperty("oneOf", out _) || property.TryGetProperty("anyOf", out _) || property.TryGetProperty("allOf", out _);

        static List<string> Required(JsonElement schema) =>
            schema.TryGetProperty("required", out var required) ? [.. required.EnumerateArray().Select(name => name.GetString()!).Order(StringComparer.Ordinal)] : [];
    }

    [Fact]
    public async Task The_documented_example_of_each_json_request_body_is_read_by_its_endpoint()
    {
        var document = await OpenApiAsync();
        var token = EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret));
        var seen = new List<string>();

        // HEC's own token is not a bearer token; its event example is covered by the schema test above.
        foreach (var (name, operation) in Operations(document).Where(o => o.Name.StartsWith("POST ", StringComparison.Ordinal) && !o.Name.Contains("/services/collector", StringComparison.Ordinal)))
        {
            if (!(operation.TryGetProperty("requestBody", out var body) && body.GetProperty("content").TryGetProperty("application/json", out var json)))
            {
                continue;
            }

            var example = Dereference(document, json.GetProperty("schema")).GetProperty("examples")[0];
            var path = name["POST ".Length..].Replace("{id}", "inc-missing", StringComparison.Ordinal);
            using var request = Authorized(HttpMethod.Post, path, token, new StringContent(example.GetRawText(), Encoding.UTF8, "application/json"));
            using var response = await api.Http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var status = (int)response.StatusCode;
            var documented = operation.GetProperty("responses").EnumerateObject().Select(r => r.Name).ToList();
            seen.Add($"{name} {example.GetRawText()[..Math.Min(example.GetRawText().Length, 80)]}: {status} {text[..Math.Min(text.Length, 300)]}");
            Assert.True(status is not (400 or 415 or 422) && status < 500 && documented.Contains(status.ToString(System.Globalization.CultureInfo.InvariantCulture)), string.Join('\n', seen));
        }

        Assert.True(seen.Count >= 5, $"only {seen.Count} JSON request bodies posted:\n{string.Join('\n', seen)}");
    }

    [Fact]
    public async Task The_integration_operations_document_the_statuses_of_their_typed_results()
    {
        var operations = Operations(await OpenApiAsync()).ToDictionary(o => o.Name, o => o.Operation);
        string Statuses(string operation) => string.Join(' ', operations[operation].GetProperty("responses").EnumerateObject().Select(r => r.Name).Order(StringComparer.Ordinal));

        Assert.Equal("200 401 403 404", Statuses("GET /incidents/{id}/alerts"));
        Assert.Equal("200 400 401 403 502 503", Statuses("GET /integrations/prometheus/anomalies"));
        Assert.Equal("202 400 401 403 502 503", Statuses("POST /integrations/{store}/pull"));
        Assert.Equal("array", operations["GET /incidents/{id}/alerts"].GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("type").GetString());
    }

    [Theory]
    [InlineData("/findings?severity=nope", "severity", "info, warn, error, fatal")]
    [InlineData("/findings?kind=nope", "kind", "rare-template-burst, rate-change")]
    [InlineData("/incidents?status=nope", "status", "open, resolved")]
    [InlineData("/logs?level=loud", "level", "trace, debug, info")]
    public async Task An_unknown_enum_value_is_a_400_naming_the_parameter_and_the_allowed_values(string path, string parameter, string allowed)
    {
        using var request = Authorized(HttpMethod.Get, path, EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret)));
        using var response = await api.Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {text}");
        var messages = JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty(parameter).EnumerateArray().Select(m => m.GetString()).ToList();
        Assert.True(messages.Count == 1 && messages[0]!.Contains("use one of", StringComparison.Ordinal) && messages[0]!.Contains(allowed, StringComparison.Ordinal), text);
    }

    [Theory]
    [InlineData("/logs?level=warning")]
    [InlineData("/logs?level=ERR")]
    [InlineData("/findings?severity=critical")]
    public async Task A_level_named_as_syslog_python_or_dotnet_name_it_is_accepted(string path)
    {
        using var request = Authorized(HttpMethod.Get, path, EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(api.ClientSecret)));
        using var response = await api.Http.SendAsync(request);

        Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
    }

    private static HttpRequestMessage Authorized(HttpMethod method, string path, string token, HttpContent? content = null)
    {
        var request = new HttpRequestMessage(method, path) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return request;
    }

    /// <summary>The schema a <c>$ref</c> points to in the document's components, or the schema itself when it is inline.</summary>
    private static JsonElement Dereference(JsonElement document, JsonElement schema) =>
        schema.TryGetProperty("$ref", out var reference)
            ? document.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1])
            : schema;

    [System.Text.RegularExpressions.GeneratedRegex("^[a-z][A-Za-z]*$")]
    private static partial System.Text.RegularExpressions.Regex CamelCase();

    private static IReadOnlyList<string> SchemesOf(JsonElement operation) =>
        operation.TryGetProperty("security", out var security) ? [.. security.EnumerateArray().SelectMany(requirement => requirement.EnumerateObject().Select(scheme => scheme.Name))] : [];

    /// <summary>Every operation as "METHOD /path" (a trailing slash of a group's root dropped) and its object.</summary>
    private static IEnumerable<(string Name, JsonElement Operation)> Operations(JsonElement document) =>
        from path in document.GetProperty("paths").EnumerateObject()
        from operation in path.Value.EnumerateObject()
        where OperationKeys.Contains(operation.Name)
        select ($"{operation.Name.ToUpperInvariant()} {(path.Name.Length > 1 ? path.Name.TrimEnd('/') : path.Name)}", operation.Value);

    private async Task<JsonElement> OpenApiAsync()
    {
        using var response = await api.Http.GetAsync("/openapi/v1.json");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
