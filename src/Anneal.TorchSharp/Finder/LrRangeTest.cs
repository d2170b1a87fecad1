using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Anneal.TorchSharp;

/// <summary>Options of <see cref="LrRangeTest"/>: the sweep and when it stops.</summary>
/// <remarks>Defaults are fastai's <c>lr_find</c>: 1e-7 to 10 over 100 steps, β = 0.98, stop past 4× the best loss.</remarks>
public sealed record LrRangeTestOptions
{
    /// <summary>The first learning rate. The default value is 1e-7.</summary>
    public double StartLr { get; init; } = 1e-7;

    /// <summary>The last learning rate. The default value is 10.</summary>
    public double EndLr { get; init; } = 10;

    /// <summary>The number of steps (mini-batches). The default value is 100.</summary>
    public int Steps { get; init; } = 100;

    /// <summary>The smoothing factor of the loss's exponential moving average. The default value is 0.98.</summary>
    public double Beta { get; init; } = 0.98;

    /// <summary>The test stops once the smoothed loss exceeds this many times the best so far. The default value is 4.</summary>
    public double DivergenceFactor { get; init; } = 4;

    /// <summary>Checks every option; reports every problem at once.</summary>
    /// <exception cref="ArgumentException">An option is out of range; the message lists each.</exception>
    public void Validate()
    {
        var problems = new List<string>();
        if (!(StartLr > 0) || !double.IsFinite(StartLr))
        {
            problems.Add($"StartLr = {StartLr} must be finite and > 0");
        }

        if (!(EndLr > StartLr) || !double.IsFinite(EndLr))
        {
            problems.Add($"EndLr = {EndLr} must be finite and > StartLr = {StartLr}");
        }

        if (Steps < 2)
        {
            problems.Add($"Steps = {Steps} must be at least 2");
        }

        if (!(Beta >= 0 && Beta < 1))
        {
            problems.Add($"Beta = {Beta} must be in [0, 1)");
        }

        if (!(DivergenceFactor > 1) || !double.IsFinite(DivergenceFactor))
        {
            problems.Add($"DivergenceFactor = {DivergenceFactor} must be finite and > 1");
        }

        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid LR range test options: " + string.Join("; ", problems), "options");
        }
    }
}

/// <summary>The curve an LR range test recorded, and the suggestions read from it.</summary>
/// <param name="Lrs">The learning rate of each step.</param>
/// <param name="Losses">The raw mini-batch loss of each step.</param>
/// <param name="SmoothedLosses">The bias-corrected exponential moving average of the losses.</param>
/// <param name="StoppedEarly">Whether the loss blew up (past the divergence factor, or NaN) before the last step.</param>
/// <param name="Suggestions">Every rule's suggestion (<see cref="LrSuggestions.Suggest"/>).</param>
public sealed record LrRangeTestResult(
    IReadOnlyList<double> Lrs,
    IReadOnlyList<double> Losses,
    IReadOnlyList<double> SmoothedLosses,
    bool StoppedEarly,
    IReadOnlyList<LrSuggestion> Suggestions)
{
    /// <summary>The suggestion of one rule, or null when the curve was too short for it.</summary>
    /// <param name="rule">The rule's name, e.g. <c>valley</c>.</param>
    /// <returns>The suggestion, or null.</returns>
    public LrSuggestion? this[string rule] => Suggestions.FirstOrDefault(s => s.Rule == rule);
}

/// <summary>
/// The LR range test (Leslie Smith 2015; fastai's <c>lr_find</c>): train for a number of mini-batches while the
/// learning rate rises exponentially, record the loss, and read a good learning rate off the curve.
/// </summary>
/// <remarks>
/// <para>Step <c>i</c> of <c>n</c> uses <c>lr_i = start · (end/start)^(i/(n−1))</c>. The loss is smoothed by an
/// exponential moving average, <c>avg ← β·avg + (1−β)·loss</c>, bias corrected: <c>smoothed_i = avg/(1 − β^(i+1))</c>
/// (β = 0.98). The test stops after the first step whose smoothed loss exceeds <c>DivergenceFactor × best</c> (4×),
/// or whose loss is NaN or infinite. Afterwards the model's weights, the optimizer's state (momentum buffers) and
/// its learning rates are restored exactly as they were, so the test can run before training.</para>
/// <para>Every param group gets the sweep's learning rate; each group's own rate is restored afterwards. Tensors the
/// loss function creates are disposed after each step.</para>
/// <example>
/// <code>
/// var result = LrRangeTest.Run(model, optimizer, i =&gt; loss_fn(model.forward(batches[i].X), batches[i].Y));
/// var lr = result["valley"]?.Lr;
/// </code>
/// </example>
/// </remarks>
public static class LrRangeTest
{
    /// <summary>Runs the test.</summary>
    /// <param name="model">The model; its weights are restored afterwards.</param>
    /// <param name="optimizer">A TorchSharp optimizer over the model (SGD, Adam, ...); its state is restored afterwards.</param>
    /// <param name="loss">Computes the loss of mini-batch <c>i</c> (a forward pass); the test calls backward and step.</param>
    /// <param name="options">The sweep; null for fastai's defaults.</param>
    /// <param name="progress">Called after each step with the step's index, or null.</param>
    /// <param name="cancellationToken">Stops between steps (the model and optimizer are still restored).</param>
    /// <returns>The curve and the suggestions.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="optimizer"/> or <paramref name="loss"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid (<c>options</c>; the message lists each problem), or
    /// the optimizer is not one of TorchSharp's own (derived from <see cref="OptimizerHelper"/>, so that its state can be
    /// saved) or has no param groups (<c>optimizer</c>).</exception>
    /// <exception cref="ObjectDisposedException">The optimizer has been disposed.</exception>
    /// <exception cref="OperationCanceledException">The token was cancelled; the model and optimizer were restored.</exception>
    public static LrRangeTestResult Run(
        nn.Module model,
        optim.Optimizer optimizer,
        Func<long, Tensor> loss,
        LrRangeTestOptions? options = null,
        Action<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(loss);
        options ??= new LrRangeTestOptions();
        options.Validate();
        NativeLibraryFix.EnsureTorchSharpLoadable();
        if (optimizer is not OptimizerHelper helper)
        {
            throw new ArgumentException($"the optimizer ({optimizer.GetType().Name}) must be one of TorchSharp's (derived from OptimizerHelper) so that its state can be restored", nameof(optimizer));
        }

        OptimizerAccess.CheckUsable(optimizer);
        var groups = OptimizerAccess.Groups(optimizer);

        var modelState = Save(w => model.save(w));
        var optimizerState = Save(w => helper.save_state_dict(w));
        var lrsBefore = groups.Select(g => g.LearningRate).ToArray();
        var lrs = new List<double>(options.Steps);
        var raw = new List<double>(options.Steps);
        var smoothed = new List<double>(options.Steps);
        var stopped = false;
        try
        {
            var average = 0.0;
            var best = double.PositiveInfinity;
            var ratio = options.EndLr / options.StartLr;
            for (var i = 0; i < options.Steps; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var lr = options.StartLr * Math.Pow(ratio, (double)i / (options.Steps - 1));
                foreach (var group in groups)
                {
                    group.LearningRate = lr;
                }

                double value;
                using (var scope = torch.NewDisposeScope())
                {
                    optimizer.zero_grad();
                    var l = loss(i);
                    value = l.item<float>();
                    if (double.IsFinite(value))
                    {
                        l.backward();
                        optimizer.step();
                    }
                }

                average = (options.Beta * average) + ((1 - options.Beta) * value);
                var smooth = average / (1 - Math.Pow(options.Beta, i + 1));
                lrs.Add(lr);
                raw.Add(value);
                smoothed.Add(smooth);
                progress?.Invoke(i);
                if (!double.IsFinite(smooth) || (i > 0 && smooth > options.DivergenceFactor * best))
                {
                    stopped = i < options.Steps - 1;
                    break;
                }

                best = Math.Min(best, smooth);
            }
        }
        finally
        {
            Load(r => model.load(r), modelState);
            Load(r => helper.load_state_dict(r), optimizerState);
            for (var g = 0; g < groups.Length; g++)
            {
                groups[g].LearningRate = lrsBefore[g];
            }
        }

        // Suggestions ignore a final non-finite point.
        var finite = smoothed.Count > 0 && !double.IsFinite(smoothed[^1]) ? smoothed.Count - 1 : smoothed.Count;
        var suggestions = LrSuggestions.Suggest(lrs.Take(finite).ToArray(), smoothed.Take(finite).ToArray());
        return new LrRangeTestResult(lrs, raw, smoothed, stopped, suggestions);
    }

    private static byte[] Save(Action<BinaryWriter> save)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            save(writer);
        }

        return stream.ToArray();
    }

    private static void Load(Action<BinaryReader> load, byte[] state)
    {
        using var reader = new BinaryReader(new MemoryStream(state));
        load(reader);
    }
}
