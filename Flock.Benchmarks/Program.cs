using BenchmarkDotNet.Running;

// Run all:   dotnet run -c Release --project Flock.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project Flock.Benchmarks -- --filter '*Targeting*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
