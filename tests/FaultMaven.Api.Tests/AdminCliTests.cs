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

        await FmAdmin.Run(api.ConnectionString, "grant", "probe", "responder");
        Assert.Equal(HttpStatusCode.BadRequest, await IngestAs(secret));
        Assert.Contains("viewer, responder", await FmAdmin.Run(api.ConnectionString, "list"), StringComparison.Ordinal);

        await FmAdmin.Run(api.ConnectionString, "revoke", "probe", "responder");
        Assert.Equal(HttpStatusCode.Forbidden, await IngestAs(secret));
    }

    private async Task<HttpStatusCode> IngestAs(string secret) =>
        await api.IngestWithoutSourceAsync(EmbeddedApi.AccessToken(await api.ClientCredentialsTokenAsync(secret, "probe")));
}
