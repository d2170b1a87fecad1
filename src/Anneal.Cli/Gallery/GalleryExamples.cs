using System.Globalization;

namespace Anneal.Cli.Gallery;

/// <summary>The families the gallery's index groups schedules by.</summary>
internal enum GalleryFamily
{
    /// <summary>The seventeen schedules of <c>paddle.optimizer.lr</c>.</summary>
    Paddle,

    /// <summary>Anneal's composition: sequences, warmups, scaling, clamping, constants.</summary>
    Composition,

    /// <summary>PyTorch's schedulers with PyTorch's semantics (<c>torch.*</c>).</summary>
    PyTorch,

    /// <summary>Schedules of other libraries: Keras, Hugging Face, timm.</summary>
    Peers,
}

/// <summary>One line of a gallery picture: a spec and its legend label (null: the schedule's name).</summary>
/// <param name="Label">The legend label, or null.</param>
/// <param name="Spec">The spec text.</param>
internal sealed record GallerySpec(string? Label, string Spec);

/// <summary>
/// A gallery page: the schedule, the example drawn (the first spec is the example; others are variants drawn beside
/// it), how many steps, and the equivalents in Paddle, PyTorch and elsewhere.
/// </summary>
/// <param name="Name">The spec name, which is also the page's file name.</param>
/// <param name="Family">The index section.</param>
/// <param name="Steps">The number of steps drawn (ignored with metrics).</param>
/// <param name="Specs">The example, then variants.</param>
/// <param name="Paddle">The Paddle equivalent (markdown), or a dash.</param>
/// <param name="PyTorch">The PyTorch equivalent (markdown), or a dash.</param>
/// <param name="Elsewhere">The equivalent in another library (markdown), or null.</param>
internal sealed record GalleryExample(string Name, GalleryFamily Family, long Steps, IReadOnlyList<GallerySpec> Specs, string Paddle, string PyTorch, string? Elsewhere = null)
{
    /// <summary>The metrics for ReduceOnPlateau, one per step; null for schedules of the step.</summary>
    public IReadOnlyList<double>? Metrics { get; init; }

    /// <summary>Whether the picture uses a log scale.</summary>
    public bool LogY { get; init; }

    /// <summary>The example's spec.</summary>
    public string Spec => Specs[0].Spec;

    /// <summary>The metrics as <c>--metrics=</c> takes them.</summary>
    public string? MetricsText => Metrics is null ? null : string.Join(",", Metrics.Select(m => m.ToString("R", CultureInfo.InvariantCulture)));
}

/// <summary>
/// The gallery's examples: one per spec name (a test checks that every name of <see cref="ScheduleSpec.Names"/> has
/// one), each with its equivalents. The formulas, parameters and defaults on the pages come from the XML docs of the
/// schedule classes; this table holds only what those do not: a good example and the equivalents side by side.
/// </summary>
internal static class GalleryExamples
{
    private const string Dash = "—";

    private const string Torch = "torch.optim.lr_scheduler.";

    private const string Lr = "paddle.optimizer.lr.";

    /// <summary>A validation loss that falls and then stalls, for the plateau schedules: <c>0.3 + 0.7 · exp(-k / 10)</c> rounded to 2 decimals.</summary>
    public static readonly IReadOnlyList<double> PlateauMetrics = [.. Enumerable.Range(0, 80).Select(k => Math.Round(0.3 + (0.7 * Math.Exp(-k / 10.0)), 2))];

    /// <summary>Every example, in index order.</summary>
    public static readonly IReadOnlyList<GalleryExample> All =
    [
        // Paddle
        Of("NoamDecay", GalleryFamily.Paddle, 20000, "NoamDecay(d_model=512, warmup_steps=4000)", $"`{Lr}NoamDecay`", $"{Dash} (`LambdaLR` with the formula)", "the Transformer's schedule (Vaswani et al., 2017)"),
        Of("PiecewiseDecay", GalleryFamily.Paddle, 120, "PiecewiseDecay(boundaries=[30, 60, 90], values=[0.1, 0.05, 0.01, 0.001])", $"`{Lr}PiecewiseDecay`", $"{Dash} (`LambdaLR` with a lookup; `MultiStepLR` when the values are geometric)"),
        Of("NaturalExpDecay", GalleryFamily.Paddle, 100, "NaturalExpDecay(learning_rate=0.1, gamma=0.05)", $"`{Lr}NaturalExpDecay`", $"`{Torch}ExponentialLR(gamma=exp(-gamma))`"),
        Of("InverseTimeDecay", GalleryFamily.Paddle, 100, "InverseTimeDecay(learning_rate=0.1, gamma=0.1)", $"`{Lr}InverseTimeDecay`", $"{Dash} (`LambdaLR(lambda e: 1 / (1 + gamma * e))`)"),
        Of("PolynomialDecay", GalleryFamily.Paddle, 120, [new(null, "PolynomialDecay(learning_rate=0.1, decay_steps=100, end_lr=0.001)"), new("power=2, cycle=True", "PolynomialDecay(learning_rate=0.1, decay_steps=40, end_lr=0.001, power=2.0, cycle=True)")], $"`{Lr}PolynomialDecay`", $"`{Torch}PolynomialLR` (`end_lr = 0`, no `cycle`)"),
        Of("LinearWarmup", GalleryFamily.Paddle, 100, "LinearWarmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10, start_lr=0.0, end_lr=0.1)", $"`{Lr}LinearWarmup`", $"`{Torch}SequentialLR([LinearLR(...), X], milestones=[W])`"),
        Of("ExponentialDecay", GalleryFamily.Paddle, 100, "ExponentialDecay(learning_rate=0.1, gamma=0.95)", $"`{Lr}ExponentialDecay`", $"`{Torch}ExponentialLR`"),
        Of("MultiStepDecay", GalleryFamily.Paddle, 100, "MultiStepDecay(learning_rate=0.1, milestones=[30, 60, 80])", $"`{Lr}MultiStepDecay`", $"`{Torch}MultiStepLR`"),
        Of("StepDecay", GalleryFamily.Paddle, 100, "StepDecay(learning_rate=0.1, step_size=30)", $"`{Lr}StepDecay`", $"`{Torch}StepLR`"),
        Of("LambdaDecay", GalleryFamily.Paddle, 100, [new(null, "LambdaDecay(learning_rate=0.1, lr_lambda='0.95 ** epoch')"), new("a step and a ramp", "LambdaDecay(learning_rate=0.1, lr_lambda='1.0 if epoch < 30 else max(0.1, 1 - (epoch - 30) / 50)')")], $"`{Lr}LambdaDecay`", $"`{Torch}LambdaLR`"),
        Of("MultiplicativeDecay", GalleryFamily.Paddle, 100, "MultiplicativeDecay(learning_rate=0.1, lr_lambda='0.95 if epoch < 50 else 0.99')", $"`{Lr}MultiplicativeDecay`", $"`{Torch}MultiplicativeLR`"),
        Of("ReduceOnPlateau", GalleryFamily.Paddle, 0, [new(null, "ReduceOnPlateau(learning_rate=0.1, factor=0.5, patience=5)"), new("over a cosine", "ReduceOnPlateau(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=160), factor=0.5, patience=5)")], $"`{Lr}ReduceOnPlateau`", $"`{Torch}ReduceLROnPlateau` (PyTorch's rule: [torch.ReduceLROnPlateau](torch.ReduceLROnPlateau.md))") with { Metrics = PlateauMetrics },
        Of("CosineAnnealingDecay", GalleryFamily.Paddle, 100, [new("T_max=100", "CosineAnnealingDecay(learning_rate=0.1, T_max=100)"), new("T_max=40: rises again past T_max", "CosineAnnealingDecay(learning_rate=0.1, T_max=40)")], $"`{Lr}CosineAnnealingDecay`", $"`{Torch}CosineAnnealingLR`"),
        Of("OneCycleLR", GalleryFamily.Paddle, 100, [new(null, "OneCycleLR(max_learning_rate=0.1, total_steps=100)"), new("three_phase=True, linear", "OneCycleLR(max_learning_rate=0.1, total_steps=100, anneal_strategy='linear', three_phase=True)")], $"`{Lr}OneCycleLR`", $"`{Torch}OneCycleLR` (`final_div_factor` instead of an end rate; it also cycles momentum: [torch.OneCycleLR](torch.OneCycleLR.md))"),
        Of("CyclicLR", GalleryFamily.Paddle, 100, [new("triangular", "CyclicLR(base_learning_rate=0.01, max_learning_rate=0.1, step_size_up=10)"), new("triangular2", "CyclicLR(base_learning_rate=0.01, max_learning_rate=0.1, step_size_up=10, mode='triangular2')"), new("exp_range", "CyclicLR(base_learning_rate=0.01, max_learning_rate=0.1, step_size_up=10, mode='exp_range', exp_gamma=0.98)")], $"`{Lr}CyclicLR`", $"`{Torch}CyclicLR` (it also cycles momentum: [torch.CyclicLR](torch.CyclicLR.md))"),
        Of("LinearLR", GalleryFamily.Paddle, 50, "LinearLR(learning_rate=0.1, total_steps=20, start_factor=0.1)", $"`{Lr}LinearLR`", $"`{Torch}LinearLR`"),
        Of("CosineAnnealingWarmRestarts", GalleryFamily.Paddle, 150, [new("T_0=10, T_mult=2", "CosineAnnealingWarmRestarts(learning_rate=0.1, T_0=10, T_mult=2)"), new("T_0=25", "CosineAnnealingWarmRestarts(learning_rate=0.1, T_0=25, eta_min=0.01)")], $"`{Lr}CosineAnnealingWarmRestarts`", $"`{Torch}CosineAnnealingWarmRestarts`"),

        // Composition
        Of("Sequence", GalleryFamily.Composition, 100, "Sequence(schedules=[LinearLR(learning_rate=0.1, total_steps=10, start_factor=0.1), CosineAnnealingDecay(learning_rate=0.1, T_max=90)], milestones=[10])", $"{Dash} (`LinearWarmup` for a warmup before one schedule)", $"`{Torch}SequentialLR`"),
        Of("Warmup", GalleryFamily.Composition, 100, [new("linear", "Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10)"), new("cosine", "Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10, warmup_type='cosine')"), new("exponential", "Warmup(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=90), warmup_steps=10, start_lr=0.001, warmup_type='exponential')")], $"`{Lr}LinearWarmup` (linear only, `end_lr` given)", $"`{Torch}SequentialLR([LinearLR(...), X], milestones=[W])`"),
        Of("Scale", GalleryFamily.Composition, 100, [new("Scale(StepDecay, 0.5)", "Scale(learning_rate=StepDecay(learning_rate=0.1, step_size=30), factor=0.5)"), new("StepDecay", "StepDecay(learning_rate=0.1, step_size=30)")], $"{Dash} (scale `learning_rate`)", $"{Dash} (per-group learning rates)"),
        Of("Clamp", GalleryFamily.Composition, 100, [new("Clamp(ExponentialDecay, min_lr=0.01)", "Clamp(learning_rate=ExponentialDecay(learning_rate=0.1, gamma=0.95), min_lr=0.01)"), new("ExponentialDecay", "ExponentialDecay(learning_rate=0.1, gamma=0.95)")], Dash, $"{Dash} (`eta_min`, `min_lr` of some schedulers)"),
        Of("Constant", GalleryFamily.Composition, 100, "Constant(learning_rate=0.1)", "a number as `learning_rate`", $"no scheduler, or `{Torch}ConstantLR(factor=1.0)`"),

        // PyTorch
        Of("torch.ChainedScheduler", GalleryFamily.PyTorch, 60, "torch.ChainedScheduler(lr=0.1, schedulers=[torch.ConstantLR(factor=0.1, total_iters=20), torch.ExponentialLR(gamma=0.95)])", Dash, $"`{Torch}ChainedScheduler`"),
        Of("torch.ConstantLR", GalleryFamily.PyTorch, 100, "torch.ConstantLR(lr=0.1, factor=0.5, total_iters=40)", $"{Dash} (`PiecewiseDecay`)", $"`{Torch}ConstantLR`"),
        Of("torch.CosineAnnealingLR", GalleryFamily.PyTorch, 100, "torch.CosineAnnealingLR(lr=0.1, T_max=100)", $"[CosineAnnealingDecay](CosineAnnealingDecay.md)", $"`{Torch}CosineAnnealingLR`"),
        Of("torch.CosineAnnealingWarmRestarts", GalleryFamily.PyTorch, 150, "torch.CosineAnnealingWarmRestarts(lr=0.1, T_0=10, T_mult=2)", $"[CosineAnnealingWarmRestarts](CosineAnnealingWarmRestarts.md)", $"`{Torch}CosineAnnealingWarmRestarts`"),
        Of("torch.CyclicLR", GalleryFamily.PyTorch, 100, "torch.CyclicLR(lr=0.1, base_lr=0.01, max_lr=0.1, step_size_up=10)", $"[CyclicLR](CyclicLR.md) (without momentum)", $"`{Torch}CyclicLR`"),
        Of("torch.ExponentialLR", GalleryFamily.PyTorch, 100, "torch.ExponentialLR(lr=0.1, gamma=0.95)", $"[ExponentialDecay](ExponentialDecay.md)", $"`{Torch}ExponentialLR`"),
        Of("torch.LambdaLR", GalleryFamily.PyTorch, 100, "torch.LambdaLR(lr=0.1, lr_lambda='0.95 ** epoch')", $"[LambdaDecay](LambdaDecay.md)", $"`{Torch}LambdaLR`"),
        Of("torch.LinearLR", GalleryFamily.PyTorch, 50, "torch.LinearLR(lr=0.1, start_factor=0.1, total_iters=20)", $"[LinearLR](LinearLR.md)", $"`{Torch}LinearLR`"),
        Of("torch.MultiStepLR", GalleryFamily.PyTorch, 100, "torch.MultiStepLR(lr=0.1, milestones=[30, 80])", $"[MultiStepDecay](MultiStepDecay.md)", $"`{Torch}MultiStepLR`"),
        Of("torch.MultiplicativeLR", GalleryFamily.PyTorch, 100, "torch.MultiplicativeLR(lr=0.1, lr_lambda='0.95')", $"[MultiplicativeDecay](MultiplicativeDecay.md)", $"`{Torch}MultiplicativeLR`"),
        Of("torch.OneCycleLR", GalleryFamily.PyTorch, 100, "torch.OneCycleLR(lr=0.1, max_lr=0.1, total_steps=100)", $"[OneCycleLR](OneCycleLR.md) (an absolute end rate, no momentum)", $"`{Torch}OneCycleLR`"),
        Of("torch.PolynomialLR", GalleryFamily.PyTorch, 100, "torch.PolynomialLR(lr=0.1, total_iters=80, power=2.0)", $"[PolynomialDecay](PolynomialDecay.md) with `end_lr=0.0`", $"`{Torch}PolynomialLR`"),
        Of("torch.ReduceLROnPlateau", GalleryFamily.PyTorch, 0, "torch.ReduceLROnPlateau(lr=0.1, factor=0.5, patience=5)", $"[ReduceOnPlateau](ReduceOnPlateau.md) (Paddle's rule)", $"`{Torch}ReduceLROnPlateau`") with { Metrics = PlateauMetrics },
        Of("torch.SequentialLR", GalleryFamily.PyTorch, 100, "torch.SequentialLR(lr=0.1, schedulers=[torch.LinearLR(start_factor=0.1, total_iters=5), torch.CosineAnnealingLR(T_max=95)], milestones=[5])", $"{Dash} ([Sequence](Sequence.md) in Anneal)", $"`{Torch}SequentialLR`"),
        Of("torch.StepLR", GalleryFamily.PyTorch, 100, "torch.StepLR(lr=0.1, step_size=30)", $"[StepDecay](StepDecay.md)", $"`{Torch}StepLR`"),

        // Other libraries
        Of("CosineDecay", GalleryFamily.Peers, 100, "CosineDecay(initial_learning_rate=0.0, decay_steps=80, alpha=0.1, warmup_target=0.1, warmup_steps=10)", $"{Dash} ([CosineAnnealingDecay](CosineAnnealingDecay.md) has no floor as a fraction)", $"{Dash} (`CosineAnnealingLR` has none either)", "Keras `keras.optimizers.schedules.CosineDecay`"),
        Of("CosineDecayRestarts", GalleryFamily.Peers, 150, "CosineDecayRestarts(initial_learning_rate=0.1, first_decay_steps=10, t_mul=2.0, m_mul=0.7)", $"{Dash} ([CosineAnnealingWarmRestarts](CosineAnnealingWarmRestarts.md): integer `T_mult`, no peak decay)", $"{Dash} (`CosineAnnealingWarmRestarts`, likewise)", "Keras `keras.optimizers.schedules.CosineDecayRestarts`"),
        Of("InverseSqrt", GalleryFamily.Peers, 100, "InverseSqrt(learning_rate=0.1, warmup_steps=10)", $"{Dash} ([NoamDecay](NoamDecay.md) has the same tail)", Dash, "Hugging Face `get_inverse_sqrt_schedule`"),
        Of("Noise", GalleryFamily.Peers, 100, [new("Noise(CosineAnnealingDecay)", "Noise(learning_rate=CosineAnnealingDecay(learning_rate=0.1, T_max=100), noise_range=[10, 90], noise_pct=0.2)"), new("CosineAnnealingDecay", "CosineAnnealingDecay(learning_rate=0.1, T_max=100)")], Dash, Dash, "timm's `noise_range_t`, `noise_pct`, `noise_std`, `noise_seed`"),
        Of("TimmCosine", GalleryFamily.Peers, 100, "TimmCosine(learning_rate=0.1, t_initial=30, lr_min=0.001, cycle_decay=0.7, cycle_limit=3, warmup_t=5, warmup_lr_init=0.001, warmup_prefix=True)", $"{Dash} ([CosineAnnealingWarmRestarts](CosineAnnealingWarmRestarts.md) without decay or limit)", $"{Dash} (`CosineAnnealingWarmRestarts`, likewise)", "timm `timm.scheduler.CosineLRScheduler`"),
        Of("WarmupStableDecay", GalleryFamily.Peers, 100, [new("cosine decay", "WarmupStableDecay(learning_rate=0.1, warmup_steps=10, stable_steps=60, decay_steps=20, min_lr=0.001)"), new("1-sqrt decay", "WarmupStableDecay(learning_rate=0.1, warmup_steps=10, stable_steps=60, decay_steps=20, decay_type='1-sqrt', min_lr=0.001)"), new("linear decay", "WarmupStableDecay(learning_rate=0.1, warmup_steps=10, stable_steps=60, decay_steps=20, decay_type='linear', min_lr=0.001)")], Dash, Dash, "Hugging Face `get_wsd_schedule`"),
    ];

    private static GalleryExample Of(string name, GalleryFamily family, long steps, string spec, string paddle, string pytorch, string? elsewhere = null)
        => new(name, family, steps, [new GallerySpec(null, spec)], paddle, pytorch, elsewhere);

    private static GalleryExample Of(string name, GalleryFamily family, long steps, GallerySpec[] specs, string paddle, string pytorch, string? elsewhere = null)
        => new(name, family, steps, specs, paddle, pytorch, elsewhere);
}
