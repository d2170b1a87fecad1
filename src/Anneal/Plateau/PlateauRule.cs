using System.Text.Json;
using Anneal.Internal;

namespace Anneal;

/// <summary>
/// What Paddle's plateau rule (<see cref="ReduceOnPlateauScheduler"/>) and PyTorch's
/// (<see cref="TorchReduceLROnPlateauScheduler"/>) share: the cut, the counters they save, and the spec text of their
/// modes. They differ in when they evaluate a metric and in the threshold arithmetic, which stay in each scheduler.
/// </summary>
internal static class PlateauRule
{
    /// <summary>
    /// The cut applied once the bad epochs exceed the patience: <c>new_lr = max(lr * factor, min_lr)</c>, taken only if
    /// it lowers the rate by more than <paramref name="epsilon"/> (Paddle <c>epsilon</c>, PyTorch <c>eps</c>).
    /// </summary>
    /// <returns>The new learning rate, or <paramref name="lr"/> when the cut is too small.</returns>
    public static double Cut(double lr, double factor, double minLr, double epsilon)
    {
        var newLr = Math.Max(lr * factor, minLr);
        return lr - newLr > epsilon ? newLr : lr;
    }

    /// <summary><c>mode</c> as specs write it (<c>'min'</c>, <c>'max'</c>); <see cref="ParseMode"/> reads it back.</summary>
    public static string ModeText(PlateauMode mode) => mode == PlateauMode.Min ? "min" : "max";

    /// <summary>A bound <c>mode</c> (already checked against the choices) as the enum.</summary>
    public static PlateauMode ParseMode(string mode) => mode == "max" ? PlateauMode.Max : PlateauMode.Min;

    /// <summary><c>threshold_mode</c> as specs write it (<c>'rel'</c>, <c>'abs'</c>); <see cref="ParseThresholdMode"/> reads it back.</summary>
    public static string ThresholdModeText(ThresholdMode mode) => mode == ThresholdMode.Rel ? "rel" : "abs";

    /// <summary>A bound <c>threshold_mode</c> (already checked against the choices) as the enum.</summary>
    public static ThresholdMode ParseThresholdMode(string mode) => mode == "abs" ? ThresholdMode.Abs : ThresholdMode.Rel;

    /// <summary>Writes <c>cooldown_counter</c>, <c>best</c> (null before the first finite metric) and <c>num_bad_epochs</c>.</summary>
    public static void WriteCounters(Utf8JsonWriter writer, long cooldownCounter, double? best, long numBadEpochs)
    {
        writer.WriteNumber("cooldown_counter", cooldownCounter);
        if (best is { } b)
        {
            writer.WriteNumber("best", b);
        }
        else
        {
            writer.WriteNull("best");
        }

        writer.WriteNumber("num_bad_epochs", numBadEpochs);
    }

    /// <summary>
    /// Reads the state both schedulers save (the epoch, the learning rate and the counters) and refuses values that no
    /// run can reach. The readers are <see cref="LRScheduler"/>'s, which refuse missing or wrongly typed fields.
    /// </summary>
    /// <param name="root">The saved JSON object.</param>
    /// <param name="cooldown">The definition's cooldown: the counter never exceeds it.</param>
    /// <param name="readInt64">Reads a required integer field.</param>
    /// <param name="readDouble">Reads a required finite number field.</param>
    /// <returns>The state, not yet applied.</returns>
    /// <exception cref="ArgumentException">A field is missing, wrongly typed or inconsistent.</exception>
    public static SavedPlateauState ReadState(
        JsonElement root,
        long cooldown,
        Func<JsonElement, string, long> readInt64,
        Func<JsonElement, string, double> readDouble)
    {
        var epoch = readInt64(root, "last_epoch");
        var lr = readDouble(root, "last_lr");
        var counter = readInt64(root, "cooldown_counter");
        var bad = readInt64(root, "num_bad_epochs");
        double? best = root.TryGetProperty("best", out var b) && b.ValueKind == JsonValueKind.Null
            ? null
            : readDouble(root, "best");
        if (epoch < 0 || counter < 0 || counter > cooldown || bad < 0 || lr < 0)
        {
            throw new ArgumentException(
                $"the state is inconsistent: last_epoch = {epoch}, cooldown_counter = {counter} (cooldown is {cooldown}), num_bad_epochs = {bad}, last_lr = {Guard.Format(lr)}",
                "state");
        }

        return new SavedPlateauState(epoch, lr, counter, bad, best);
    }
}

/// <summary>The saved state of a plateau scheduler, read and checked by <see cref="PlateauRule.ReadState"/>.</summary>
internal readonly record struct SavedPlateauState(long LastEpoch, double LastLR, long CooldownCounter, long NumBadEpochs, double? Best);
