using System.Text;
using FaultMaven.Worker.Sinks;
using Npgsql;

namespace FaultMaven.Worker.Tests;

public sealed class WriteFailuresTests
{
    [Theory]
    [InlineData("22021", "invalid byte sequence for encoding \"UTF8\": 0x00")]
    [InlineData("22P05", "unsupported Unicode escape sequence")]
    [InlineData("22008", "timestamp out of range")]
    [InlineData("54000", "index row size 8016 exceeds btree version 4 maximum 2704 for index \"logs_source_ts_idx\"")]
    [InlineData("23502", "null value in column \"source\" violates not-null constraint")]
    [InlineData("21000", "ON CONFLICT DO UPDATE command cannot affect row a second time")]
    public void A_PostgreSQL_error_about_the_values_is_the_datas_fault_and_not_retried(string sqlState, string message)
    {
        var error = Postgres(sqlState, message);

        Assert.True(WriteFailures.IsDataError(error));
        Assert.False(WriteFailures.IsTransient(error));
        Assert.Equal($"SQLSTATE {sqlState}: {message}", WriteFailures.Describe(error));
    }

    [Theory]
    [InlineData("57P01", "terminating connection due to administrator command")]
    [InlineData("57P03", "the database system is starting up")]
    [InlineData("08006", "connection failure")]
    [InlineData("53300", "sorry, too many clients already")]
    [InlineData("40P01", "deadlock detected")]
    public void A_PostgreSQL_error_about_the_server_or_connection_is_transient(string sqlState, string message)
    {
        var error = Postgres(sqlState, message);

        Assert.True(WriteFailures.IsTransient(error));
        Assert.False(WriteFailures.IsDataError(error));
    }

    [Fact]
    public void A_value_the_client_cannot_encode_is_the_datas_fault_however_deeply_wrapped()
    {
        var encoding = new UTF8Encoding(false, throwOnInvalidBytes: true);
        var refused = Assert.ThrowsAny<EncoderFallbackException>(() => encoding.GetBytes("source\uD800"));
        var error = new NpgsqlException("Exception while writing to stream", new InvalidOperationException("bind failed", refused));

        Assert.True(WriteFailures.IsDataError(error));
        Assert.StartsWith("EncoderFallbackException: ", WriteFailures.Describe(error), StringComparison.Ordinal);
    }

    [Fact]
    public void A_lost_connection_or_a_timeout_is_transient_and_not_the_datas_fault()
    {
        Exception[] errors =
        [
            new NpgsqlException("Exception while reading from stream", new IOException("Connection reset by peer")),
            new NpgsqlException("Exception while reading from stream", new TimeoutException("Timeout during reading attempt")),
            new TimeoutException("The operation has timed out."),
        ];

        Assert.All(errors, error => Assert.True(WriteFailures.IsTransient(error), error.ToString()));
        Assert.All(errors, error => Assert.False(WriteFailures.IsDataError(error), error.ToString()));
    }

    [Fact]
    public void A_missing_table_is_neither_the_datas_fault_nor_transient_so_it_is_retried_without_dead_lettering()
    {
        var error = Postgres("42P01", "relation \"logs\" does not exist");

        Assert.False(WriteFailures.IsDataError(error));
        Assert.False(WriteFailures.IsTransient(error));
    }

    private static PostgresException Postgres(string sqlState, string message) => new(message, "ERROR", "ERROR", sqlState);
}
