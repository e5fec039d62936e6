using Microsoft.Extensions.Options;
using Serilog;

namespace FaultMaven.ServiceDefaults;

/// <summary>Runs a service and turns start-up failures into one clear line and a non-zero exit code.</summary>
public static class ServiceHost
{
    /// <summary>Runs <paramref name="run"/> to its end.</summary>
    /// <returns>The exit code a service set in <see cref="Environment.ExitCode"/> before stopping the host (e.g. 1 when its
    /// stream failed), 0 after a clean stop, 2 for invalid configuration, 1 for an unhandled error or a stop that outlasted
    /// its shutdown timeout (never an abort).</returns>
    public static async Task<int> RunAsync(Func<Task> run)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
        try
        {
            await run();

            // A service that fails stops the host and says so here; Main's return value would otherwise overwrite it.
            return Environment.ExitCode;
        }
        catch (Exception exception) when (ConfigurationFailures(exception) is { Count: > 0 } failures)
        {
            // Literal (:l), so the line reads "Invalid configuration: KEY must be ..." rather than quoting the list.
            Log.Fatal("Invalid configuration: {Failures:l}", string.Join("; ", failures));
            return 2;
        }
        catch (OperationCanceledException exception)
        {
            // Left unhandled it would abort the process (exit 134) with the reason buried in the output.
            Log.Fatal(exception, "Service did not stop within its shutdown timeout");
            return 1;
        }
        catch (Exception exception)
        {
            Log.Fatal(exception, "Service stopped on an unhandled error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }

    /// <summary>
    /// Every setting that failed validation or could not be read as its type (<see cref="UnreadableSetting"/>), also
    /// when start-up reports several at once; empty for other errors.
    /// </summary>
    private static List<string> ConfigurationFailures(Exception exception) => exception switch
    {
        OptionsValidationException invalid => [.. invalid.Failures],
        AggregateException { InnerExceptions: var inner } when inner.Select(ConfigurationFailures).ToList() is var each && each.All(failures => failures.Count > 0) =>
            each.SelectMany(failures => failures).ToList(),
        _ when UnreadableSetting.Describe(exception) is { } unreadable => [unreadable],
        _ => [],
    };
}
