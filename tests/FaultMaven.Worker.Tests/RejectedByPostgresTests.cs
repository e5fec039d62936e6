using System.Security.Cryptography;
using FaultMaven.Contracts;
using FaultMaven.Storage;
using FaultMaven.Storage.Encryption;
using FaultMaven.Testing.Postgres;
using FaultMaven.Worker.Sinks;

namespace FaultMaven.Worker.Tests;

/// <summary>The isolation and the error judgement against the real repositories and PostgreSQL: the exceptions are Npgsql's own.</summary>
public sealed class RejectedByPostgresTests(PostgresFixture postgres) : IClassFixture<PostgresFixture>
{
    private static readonly FieldCipher Cipher = new(() => new KeyRing(new Dictionary<string, byte[]> { ["k"] = RandomNumberGenerator.GetBytes(KeyRing.KeySize) }, "k"));
    private readonly LogRepository logs = new(postgres.DataSource, Cipher);
    private readonly DeadLetterRepository deadLetters = new(postgres.DataSource, Cipher);

    [Theory]
    [InlineData("nul", "22021")]
    [InlineData("oversize", "54000")]
    [InlineData("lone-surrogate", "EncoderFallbackException")]
    public async Task A_bad_source_among_good_events_is_rejected_as_the_datas_fault_and_every_other_event_is_stored(string kind, string expectedReason)
    {
        var prefix = $"pg-{Guid.NewGuid():N}"[..15];
        var badSource = kind switch
        {
            "nul" => $"{prefix}-bad\0name",
            "oversize" => $"{prefix}-bad-{Convert.ToHexString(RandomNumberGenerator.GetBytes(4000))}",
            _ => $"{prefix}-bad\uD800name",
        };
        var events = Enumerable.Range(0, 200)
            .Select(i => Event(i == 137 ? badSource : $"{prefix}-good", i))
            .ToList();

        var outcome = await PoisonIsolation.WriteAsync(events, part => logs.InsertAsync(part), WriteFailures.IsDataError);

        var rejected = Assert.Single(outcome.Rejected);
        Assert.Equal(badSource, rejected.Item.Source);
        Assert.Contains(expectedReason, WriteFailures.Describe(rejected.Error), StringComparison.Ordinal);
        Assert.Equal(199, outcome.Written.Count);
        Assert.Equal(199, await Count($"SELECT count(*) FROM logs WHERE source = '{prefix}-good'"));

        // Its dead letter must be storable although its source is not.
        var deadLetter = new DeadLetter(WriteFailures.Describe(rejected.Error), "sink-logs", badSource, new RawOffset($"{Topics.Normalized}.{prefix}", 0, 137), [1, 2, 3], DateTimeOffset.UtcNow);
        Assert.Equal(1, await deadLetters.InsertAsync([deadLetter]));
        var stored = Assert.Single((await deadLetters.ListAsync(new DeadLetterQuery { Step = "sink-logs", Limit = 1000 })).Items,
            d => d.DeadLetter.Source!.StartsWith($"{prefix}-bad", StringComparison.Ordinal));
        Assert.Equal(deadLetter.Payload, stored.DeadLetter.Payload);
    }

    private async Task<long> Count(string sql)
    {
        await using var command = postgres.DataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static LogEvent Event(string source, int offset) => new(
        DateTimeOffset.UtcNow, source, null, null, Severity.Info, $"event {offset}", new Dictionary<string, string>(),
        new RawOffset($"{Topics.Raw}.{source[..15]}", 0, offset));
}
