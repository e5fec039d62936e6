using BenchmarkDotNet.Running;

// Named by a benchmark type: the API, referenced for its keys, has a public Program too.
BenchmarkSwitcher.FromAssembly(typeof(FaultMaven.Benchmarks.AccessTokenValidationBenchmarks).Assembly).Run(args);
