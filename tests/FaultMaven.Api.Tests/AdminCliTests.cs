using FaultMaven.Testing.Processes;
using System.Net;

namespace FaultMaven.Api.Tests;

public sealed class AdminCliTests(EmbeddedApi api) : IClassFixture<EmbeddedApi>
{
    [Fact]
    public async Task Granting_and_revoking_a_role_with_fm_admin_changes_what_the_next_token_may_do()
    {
        var secret = FmAdmin.ShownOnce(await FmAdmin.Run(api.ConnectionString, "create-client", "probe", "--role", "viewer"));
        Assert.Equal(HttpStatusCode.Forbidden, await IngestAs(secret));
        using (var refused = new HttpRequestMessage(HttpMethod.Post, "/logs/ingest") { Content = new StringContent("line") })
        {
            refused.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(secret, "probe")));
            using var answer = await api.Http.SendAsync(refused);
            var problem = await answer.Content.ReadAsStringAsync();
            Assert.Equal("application/problem+json", answer.Content.Headers.ContentType?.MediaType);
            Assert.Contains("include responder or admin; this token's roles: viewer", problem, StringComparison.Ordinal);
        }

        await FmAdmin.Run(api.ConnectionString, "grant", "probe", "responder");
        Assert.Equal(HttpStatusCode.BadRequest, await IngestAs(secret));
        Assert.Contains("viewer, responder", await FmAdmin.Run(api.ConnectionString, "list"), StringComparison.Ordinal);

        await FmAdmin.Run(api.ConnectionString, "revoke", "probe", "responder");
        Assert.Equal(HttpStatusCode.Forbidden, await IngestAs(secret));
    }

    private async Task<HttpStatusCode> IngestAs(string secret) =>
        await api.IngestWithoutSourceAsync(EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(secret, "probe")));
}
