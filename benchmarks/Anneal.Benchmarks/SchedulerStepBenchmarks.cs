using BenchmarkDotNet.Attributes;

namespace Anneal.Benchmarks;

/// <summary>
/// <c>Scheduler.Step()</c> for every built-in schedule (target: 0 bytes), and ReduceOnPlateau's <c>Step(metric)</c>.
/// Each invocation restarts the scheduler at epoch 0 and steps it through [0, <see cref="BenchmarkSpecs.Period"/>), so
/// every measured step is at an epoch training sees: a scheduler stepped forever reaches epochs near 10⁹, where
/// <c>Math.Cos</c> and <c>Math.Pow</c> take slow paths.
/// </summary>
[MemoryDiagnoser]
public class SchedulerStepBenchmarks
{
    private LRScheduler _scheduler = null!;

    [ParamsSource(nameof(Specs))]
    public string Spec { get; set; } = string.Empty;

    public static IEnumerable<string> Specs => BenchmarkSpecs.Paddle.Append("MultiplicativeDecay(learning_rate=0.5, lr_lambda='0.9999999')");

    [GlobalSetup]
    public void Setup() => _scheduler = ScheduleSpec.Parse(Spec).CreateScheduler();

    /// <summary>One <c>Step(0)</c> and 1023 <c>Step()</c> calls; the time reported is per step.</summary>
    [Benchmark(OperationsPerInvoke = (int)BenchmarkSpecs.Period)]
    public double Step()
    {
        var scheduler = _scheduler;
        scheduler.Step(0);
        for (var i = 1; i < BenchmarkSpecs.Period; i++)
        {
            scheduler.Step();
        }

        return scheduler.LastLR;
    }
}

/// <summary>ReduceOnPlateau's <c>Step(metric)</c> on a noisy, slowly falling loss.</summary>
[MemoryDiagnoser]
public class PlateauStepBenchmarks
{
    private ReduceOnPlateauScheduler _scheduler = null!;
    private long _i;

    [GlobalSetup]
    public void Setup() => _scheduler = new ReduceOnPlateau(0.1, patience: 5, cooldown: 2, minLr: 1e-6).CreateScheduler();

    [Benchmark]
    public double StepMetric()
    {
        _i++;
        _scheduler.Step(1.0 / (1 + (_i & 1023)) + (0.01 * ((_i * 7919) & 15)));
        return _scheduler.LastLR;
    }
}
