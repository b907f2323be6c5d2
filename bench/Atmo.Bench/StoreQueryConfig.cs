using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;

namespace Atmo.Bench;

/// <summary>The short job of the store's query benchmarks, with medians, P95 and allocations.</summary>
internal sealed class StoreQueryConfig : ManualConfig
{
    public StoreQueryConfig()
    {
        // Extra warm-up: LiteDB's page cache and tiered JIT settle before measuring.
        AddJob(Job.ShortRun.WithWarmupCount(8).WithIterationCount(10));
        AddColumn(StatisticColumn.Median, StatisticColumn.P95);
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
