namespace FaultMaven.EndToEnd.Tests;

/// <summary>
/// Test classes that each write under source names of their own and read back only those sources (no incidents, no
/// totals over all sources, no worker or broker restarts): one <see cref="RunningSystem"/> serves them one class after
/// another, instead of one system started per class.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SharedSystemCollection : ICollectionFixture<RunningSystem>
{
    public const string Name = "shared running system";
}
