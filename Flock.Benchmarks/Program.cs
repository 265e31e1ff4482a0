using BenchmarkDotNet.Running;
using Flock.Benchmarks.Recommendations;

// Run all:   dotnet run -c Release --project Flock.Benchmarks -- --filter '*'
// Run one:   dotnet run -c Release --project Flock.Benchmarks -- --filter '*Targeting*'
// Recommendation quality (a table, not a timing):   dotnet run -c Release --project Flock.Benchmarks -- quality
if (args is ["quality"]) QualityReport.Print(Console.Out);
else BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
