using Npgsql;

namespace FaultMaven.Worker.Sinks;

/// <summary>
/// Tells a write failure that the data causes (the same rows fail again on every try, so they are isolated and
/// dead-lettered) from one that the moment causes (connection lost, timeout, server restarting: retried).
/// </summary>
public static class WriteFailures
{
    /// <summary>
    /// PostgreSQL's data exception (class 22: NUL in text, invalid UTF-8, bad JSON, value out of range), cardinality
    /// violation (21), integrity violation (23; the conflicts the writes expect are handled by ON CONFLICT) and program
    /// limit (54: a value too big for an index row), and the client's refusal to encode a value (ArgumentException,
    /// which includes encoder fallback errors, and OverflowException) anywhere in the exception's inner chain.
    /// </summary>
    public static bool IsDataError(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case PostgresException postgres:
                    return postgres.SqlState[..2] is "21" or "22" or "23" or "54";
                case ArgumentException or OverflowException:
                    return true;
            }
        }

        return false;
    }

    /// <summary>Connection lost or refused, timeouts, a server shutting down or short of resources (classes 08, 53, 57, 58).</summary>
    /// <remarks>Errors that are neither this nor <see cref="IsDataError"/> (a missing table, a wrong password) are retried too,
    /// since dead-lettering on them would empty the stream into dead letters; the stall check reports them.</remarks>
    public static bool IsTransient(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.IsTransient || postgres.SqlState[..2] is "08" or "53" or "57" or "58",
        NpgsqlException npgsql => npgsql.IsTransient,
        TimeoutException or IOException or System.Net.Sockets.SocketException => true,
        _ => exception.InnerException is { } inner && IsTransient(inner),
    };

    /// <summary>The reason a dead letter records: PostgreSQL's SQLSTATE and message, else the exception's type and message.</summary>
    public static string Describe(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is PostgresException postgres)
            {
                return postgres.Detail is { Length: > 0 } detail
                    ? $"SQLSTATE {postgres.SqlState}: {postgres.MessageText} ({detail})"
                    : $"SQLSTATE {postgres.SqlState}: {postgres.MessageText}";
            }
        }

        var innermost = exception.GetBaseException();
        return $"{innermost.GetType().Name}: {innermost.Message}";
    }
}
