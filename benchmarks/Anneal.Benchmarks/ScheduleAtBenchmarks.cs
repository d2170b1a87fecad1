using BenchmarkDotNet.Attributes;

namespace Anneal.Benchmarks;

/// <summary>
/// <c>Schedule.At(step)</c> for every built-in schedule, against the hand-inlined cosine formula as the baseline.
/// Target (DESIGN.md): ≤ 20 ns and 0 bytes per call.
/// </summary>
[MemoryDiagnoser]
public class ScheduleAtBenchmarks
{
    private Schedule _schedule = null!;
    private long _step;

    [ParamsSource(nameof(Specs))]
    public string Spec { get; set; } = string.Empty;

    public static IEnumerable<string> Specs => BenchmarkSpecs.Paddle.Concat(BenchmarkSpecs.Composites);

    [GlobalSetup]
    public void Setup() => _schedule = Schedule.Parse(Spec);

    [Benchmark]
    public double At()
    {
        _step = (_step + 1) & (BenchmarkSpecs.Period - 1);
        return _schedule.At(_step);
    }
}

/// <summary>The formula written inline: what a call costs with no abstraction at all.</summary>
[MemoryDiagnoser]
public class InlineBaselineBenchmarks
{
    private readonly double _baseLr = 0.1;
    private readonly long _tMax = 1000;
    private long _step;

    [Benchmark(Baseline = true)]
    public double InlineCosine()
    {
        _step = (_step + 1) & (BenchmarkSpecs.Period - 1);
        return (_baseLr * (1 + Math.Cos(Math.PI * _step / _tMax))) / 2;
    }
}
