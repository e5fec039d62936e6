using Microsoft.Extensions.Options;
using Serilog;

namespace FaultMaven.ServiceDefaults;

/// <summary>Runs a service and turns start-up failures into one clear line and a non-zero exit code.</summary>
public static class ServiceHost
{
    public static async Task<int> RunAsync(Func<Task> run)
    {
        Log.Logger = new LoggerConfiguration().WriteTo.Console().CreateBootstrapLogger();
        try
        {
            await run();
            return 0;
        }
        catch (OptionsValidationException exception)
        {
            Log.Fatal("Invalid configuration: {Failures}", string.Join("; ", exception.Failures));
            return 2;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.Fatal(exception, "Service stopped on an unhandled error");
            return 1;
        }
        finally
        {
            await Log.CloseAndFlushAsync();
        }
    }
}
