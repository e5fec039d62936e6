using FaultMaven.Testing.Processes;

namespace FaultMaven.Storage.Tests;

public sealed class StorageTestDependencyTests
{
    [Fact]
    public void The_storage_tests_build_without_the_worker_executable()
    {
        var closure = ProjectClosure.Of("FaultMaven.Storage.Tests", "tests");

        Assert.Contains("FaultMaven.Storage", closure.Projects);
        Assert.DoesNotContain("FaultMaven.Worker", closure.Projects);
    }
}
