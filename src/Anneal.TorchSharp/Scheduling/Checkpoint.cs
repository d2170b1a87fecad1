using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Anneal.TorchSharp;

/// <summary>
/// Saves and restores a training run's state in one directory: the optimizer's state (TorchSharp's
/// <c>save_state_dict</c>, <see cref="OptimizerFileName"/>), the scheduler's (<see cref="AnnealLRScheduler.SaveState"/>,
/// <see cref="SchedulerFileName"/>) and, when given, the model's weights (<c>Module.save</c>,
/// <see cref="ModelFileName"/>). Resuming from it continues the run exactly: the same learning rates, and the same
/// weights as an uninterrupted run when the data order is a function of the step.
/// </summary>
/// <remarks>
/// <para>Every file is written under a temporary name first and then moved into place, so an interrupted save leaves
/// the previous checkpoint's files whole.</para>
/// <para>Loading checks the scheduler state against the optimizer and the scheduler (spec, param-group count,
/// multipliers) before anything is loaded: a checkpoint for another run is refused with the model, the optimizer and
/// the scheduler unchanged. TorchSharp itself refuses an optimizer file for another optimizer type or group count.</para>
/// </remarks>
/// <example>
/// <code>
/// Checkpoint.Save("ckpt", optimizer, scheduler, model);            // every N steps
/// // ... in a fresh process, after creating the model and the optimizer as before:
/// var scheduler = Checkpoint.Restore("ckpt", optimizer, model);   // continues at the saved epoch
/// </code>
/// </example>
public static class Checkpoint
{
    /// <summary>The model's weights (<c>Module.save</c>).</summary>
    public const string ModelFileName = "model.dat";

    /// <summary>The optimizer's state (<c>OptimizerHelper.save_state_dict</c>).</summary>
    public const string OptimizerFileName = "optimizer.dat";

    /// <summary>The scheduler's state (<see cref="AnnealLRScheduler.SaveState"/>).</summary>
    public const string SchedulerFileName = "scheduler.json";

    /// <summary>Saves the optimizer, the scheduler and (when given) the model into <paramref name="directory"/>, creating it if needed.</summary>
    /// <param name="directory">The checkpoint directory.</param>
    /// <param name="optimizer">The optimizer: one of TorchSharp's managed optimizers (SGD, Adam, ...), which can save their state.</param>
    /// <param name="scheduler">The scheduler that drives <paramref name="optimizer"/>.</param>
    /// <param name="model">The model, or <see langword="null"/> to save only the optimizer and the scheduler.</param>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/>, <paramref name="optimizer"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="scheduler"/> drives another optimizer, or <paramref name="optimizer"/> cannot save its state.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static void Save(string directory, optim.Optimizer optimizer, AnnealLRScheduler scheduler, nn.Module? model = null)
    {
        var helper = CheckArguments(directory, optimizer, scheduler);
        Directory.CreateDirectory(directory);
        var state = scheduler.SaveState();
        var files = new List<(string Temporary, string Final)>();
        try
        {
            WriteTemporary(files, directory, SchedulerFileName, path => File.WriteAllText(path, state));
            WriteTemporary(files, directory, OptimizerFileName, helper.save_state_dict);
            if (model is not null)
            {
                WriteTemporary(files, directory, ModelFileName, path => model.save(path));
            }

            foreach (var (temporary, final) in files)
            {
                File.Move(temporary, final, overwrite: true);
            }
        }
        finally
        {
            foreach (var (temporary, _) in files)
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>
    /// Loads a checkpoint into an existing optimizer, scheduler and (when given) model. The scheduler's state is
    /// checked first; if it does not fit, nothing is loaded.
    /// </summary>
    /// <param name="directory">The checkpoint directory written by <see cref="Save"/>.</param>
    /// <param name="optimizer">The optimizer, of the same type and param groups as the saved one.</param>
    /// <param name="scheduler">The scheduler that drives <paramref name="optimizer"/>, of the same spec as the saved one.</param>
    /// <param name="model">The model, or <see langword="null"/> to leave it alone.</param>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/>, <paramref name="optimizer"/> or <paramref name="scheduler"/> is null.</exception>
    /// <exception cref="ArgumentException">The scheduler state is malformed or for another spec, param-group count or multipliers; or <paramref name="scheduler"/> drives another optimizer. Nothing was loaded.</exception>
    /// <exception cref="FileNotFoundException">A checkpoint file is missing. Nothing was loaded.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    public static void Load(string directory, optim.Optimizer optimizer, AnnealLRScheduler scheduler, nn.Module? model = null)
    {
        var helper = CheckArguments(directory, optimizer, scheduler);
        var saved = ReadState(directory, model);
        try
        {
            scheduler.CheckState(saved);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{Path.Combine(directory, SchedulerFileName)}: {ex.Message}", nameof(directory), ex);
        }

        helper.load_state_dict(Path.Combine(directory, OptimizerFileName));
        model?.load(Path.Combine(directory, ModelFileName));
        scheduler.ApplyState(saved);
    }

    /// <summary>
    /// Loads a checkpoint into an existing optimizer and (when given) model, and creates the scheduler it saved:
    /// the spec, epoch, group multipliers and momentum setting of the saved run. Nothing is loaded if the scheduler
    /// state does not fit the optimizer.
    /// </summary>
    /// <param name="directory">The checkpoint directory written by <see cref="Save"/>.</param>
    /// <param name="optimizer">The optimizer, of the same type and param groups as the saved one.</param>
    /// <param name="model">The model, or <see langword="null"/> to leave it alone.</param>
    /// <returns>A scheduler that continues exactly where the saved one stopped.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="directory"/> or <paramref name="optimizer"/> is null.</exception>
    /// <exception cref="ArgumentException">The scheduler state is malformed, inconsistent or for another param-group count, or <paramref name="optimizer"/> cannot load state. Nothing was loaded.</exception>
    /// <exception cref="SpecException">The saved spec is not valid. Nothing was loaded.</exception>
    /// <exception cref="FileNotFoundException">A checkpoint file is missing. Nothing was loaded.</exception>
    /// <exception cref="ObjectDisposedException"><paramref name="optimizer"/> has been disposed.</exception>
    public static AnnealLRScheduler Restore(string directory, optim.Optimizer optimizer, nn.Module? model = null)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var helper = AsHelper(OptimizerAccess.CheckUsable(optimizer));
        var saved = ReadState(directory, model);
        LRScheduler restored;
        try
        {
            AnnealLRScheduler.CheckGroupCount(saved, OptimizerAccess.Groups(optimizer).Length, optimizer);
            restored = LRScheduler.Restore(saved.SchedulerJson);
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{Path.Combine(directory, SchedulerFileName)}: {ex.Message}", nameof(directory), ex);
        }

        helper.load_state_dict(Path.Combine(directory, OptimizerFileName));
        model?.load(Path.Combine(directory, ModelFileName));
        return AnnealLRScheduler.FromState(optimizer, saved, restored);
    }

    private static OptimizerHelper CheckArguments(string directory, optim.Optimizer optimizer, AnnealLRScheduler scheduler)
    {
        ArgumentNullException.ThrowIfNull(directory);
        OptimizerAccess.CheckUsable(optimizer);
        ArgumentNullException.ThrowIfNull(scheduler);
        if (!ReferenceEquals(scheduler.Optimizer, optimizer))
        {
            throw new ArgumentException("the scheduler drives another optimizer: pass the optimizer it was created for", nameof(scheduler));
        }

        return AsHelper(optimizer);
    }

    private static OptimizerHelper AsHelper(optim.Optimizer optimizer) => optimizer as OptimizerHelper
        ?? throw new ArgumentException(
            $"{optimizer.GetType().Name} cannot save or load its state in TorchSharp 0.107 (only the managed optimizers such as SGD and Adam can): save the scheduler with AnnealLRScheduler.SaveState",
            nameof(optimizer));

    /// <summary>Reads the scheduler state after checking that every file the load needs is there.</summary>
    private static SchedulerState ReadState(string directory, nn.Module? model)
    {
        foreach (var name in model is null ? [SchedulerFileName, OptimizerFileName] : new[] { SchedulerFileName, OptimizerFileName, ModelFileName })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException($"the checkpoint has no {name} (looked for {path}); nothing was loaded", path);
            }
        }

        var file = Path.Combine(directory, SchedulerFileName);
        try
        {
            return SchedulerState.Read(File.ReadAllText(file));
        }
        catch (ArgumentException ex)
        {
            throw new ArgumentException($"{file}: {ex.Message}", nameof(directory), ex);
        }
    }

    private static void WriteTemporary(List<(string Temporary, string Final)> files, string directory, string name, Action<string> write)
    {
        var temporary = Path.Combine(directory, $".{name}.{Environment.ProcessId}.tmp");
        files.Add((temporary, Path.Combine(directory, name)));
        write(temporary);
    }
}
