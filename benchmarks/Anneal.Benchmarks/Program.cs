using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/Anneal.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Anneal.Benchmarks.BenchmarkSpecs).Assembly).Run(args);
