namespace Anneal.Benchmarks;

/// <summary>One realistic spec per schedule, shared by the benchmark classes.</summary>
public static class BenchmarkSpecs
{
    /// <summary>Steps cycle through [0, Period) so that branches and values vary as in training.</summary>
    public const long Period = 1024;

    public static IEnumerable<string> Paddle =>
    [
        "NoamDecay(d_model=512, warmup_steps=4000)",
        "PiecewiseDecay(boundaries=[100, 200, 300, 400, 500, 600, 700], values=[0.1, 0.05, 0.02, 0.01, 0.005, 0.002, 0.001, 0.0005])",
        "NaturalExpDecay(learning_rate=0.5, gamma=0.1)",
        "InverseTimeDecay(learning_rate=0.5, gamma=0.1)",
        "PolynomialDecay(learning_rate=0.5, decay_steps=300)",
        "PolynomialDecay(learning_rate=0.5, decay_steps=300, cycle=True)",
        "LinearWarmup(learning_rate=0.5, warmup_steps=100, start_lr=0.0, end_lr=0.5)",
        "LinearWarmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=900), warmup_steps=100, start_lr=0.0, end_lr=0.1)",
        "ExponentialDecay(learning_rate=0.5, gamma=0.99)",
        "MultiStepDecay(learning_rate=0.5, milestones=[300, 600, 900], gamma=0.1)",
        "StepDecay(learning_rate=0.5, step_size=100, gamma=0.8)",
        "LambdaDecay(learning_rate=0.5, lr_lambda='0.95 ** epoch')",
        "CosineAnnealingDecay(learning_rate=0.1, T_max=1000)",
        "OneCycleLR(max_learning_rate=0.1, total_steps=1000000000000)",
        "CyclicLR(base_learning_rate=0.01, max_learning_rate=0.1, step_size_up=200, mode='triangular2')",
        "LinearLR(learning_rate=0.1, total_steps=500)",
        "CosineAnnealingWarmRestarts(learning_rate=0.1, T_0=10, T_mult=2)",
    ];

    /// <summary>Composites (issue: ≤ 20 ns and 0 bytes per At()).</summary>
    public static IEnumerable<string> Composites =>
    [
        "Sequence(schedules=[LinearLR(learning_rate=0.1, total_steps=100, start_factor=0.1), CosineAnnealingDecay(learning_rate=0.1, T_max=900)], milestones=[100])",
        "Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=900), warmup_steps=100)",
        "Scale(learning_rate=StepDecay(learning_rate=0.5, step_size=100, gamma=0.8), factor=0.1)",
        "Clamp(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=1000), min_lr=0.001)",
        "torch.SequentialLR(lr=0.1, schedulers=[torch.LinearLR(start_factor=0.1, total_iters=100), torch.CosineAnnealingLR(T_max=900)], milestones=[100])",
    ];
}
