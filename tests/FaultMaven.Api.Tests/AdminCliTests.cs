using System.Net;
using System.Net.Http.Headers;

namespace FaultMaven.Api.Tests;

public sealed class AdminCliTests(EmbeddedApi api) : IClassFixture<EmbeddedApi>
{
    [Fact]
    public async Task Granting_and_revoking_a_role_with_fm_admin_changes_what_the_next_token_may_do()
    {
        var secret = FmAdmin.ShownOnce(await FmAdmin.Run(api.ConnectionString, "create-client", "probe", "--role", "viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, await IngestAs(secret));

        await FmAdmin.Run(api.ConnectionString, "grant", "probe", "responder");
        Assert.Equal(HttpStatusCode.BadRequest, await IngestAs(secret));
        Assert.Contains("viewer, responder", await FmAdmin.Run(api.ConnectionString, "list"), StringComparison.Ordinal);

        await FmAdmin.Run(api.ConnectionString, "revoke", "probe", "responder");
        Assert.Equal(HttpStatusCode.Forbidden, await IngestAs(secret));
    }

    /// <summary>Ingests as client <c>probe</c> with a fresh token; without <c>?source=</c> an allowed request stops at 400.</summary>
    private async Task<HttpStatusCode> IngestAs(string secret)
    {
        var token = (await api.TokenAsync(new() { ["grant_type"] = "client_credentials", ["client_id"] = "probe", ["client_secret"] = secret }))
            .GetProperty("access_token").GetString();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/logs/ingest") { Content = new StringContent("line") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await api.Http.SendAsync(request);
        return response.StatusCode;
    }
}
