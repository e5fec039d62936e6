using System.Text.Json.Nodes;

namespace FaultMaven.Worker.Tests;

public sealed class RuntimeSettingsTests
{
    [Fact]
    public void The_worker_process_compiles_its_code_optimized_at_first_call_and_runs_server_gc_without_dynamic_adaptation()
    {
        // The runtime reads these from faultmaven-worker.runtimeconfig.json at start; the build copies it next to the
        // tests. Why each is set: the worker's csproj and docs/benchmarks.md (session 15).
        var path = Path.Combine(AppContext.BaseDirectory, "faultmaven-worker.runtimeconfig.json");
        var properties = JsonNode.Parse(File.ReadAllText(path))?["runtimeOptions"]?["configProperties"];
        var described = $"{path}: {properties?.ToJsonString()}";

        Assert.True(properties?["System.Runtime.TieredPGO"]?.GetValue<bool>() == false, described);
        Assert.True(properties?["System.Runtime.TieredCompilation.QuickJit"]?.GetValue<bool>() == false, described);
        Assert.True(properties?["System.GC.Server"]?.GetValue<bool>() == true, described);
        Assert.True(properties?["System.GC.DynamicAdaptationMode"]?.GetValue<int>() == 0, described);
    }
}
