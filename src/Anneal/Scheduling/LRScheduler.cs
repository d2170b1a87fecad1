using System.Text.Json;
using Anneal.Internal;

namespace Anneal;

/// <summary>
/// The stateful shell Paddle users know (<c>paddle.optimizer.lr.LRScheduler</c>): it holds the current epoch and
/// learning rate, advances with <see cref="Step()"/>, and saves and restores its state as versioned JSON that
/// carries its spec.
/// </summary>
/// <remarks>
/// A scheduler is created by <see cref="IScheduleDefinition.CreateScheduler"/>. Like Paddle's, it has already
/// computed epoch 0 (or <c>last_epoch + 1</c> when resumed) when it is returned. Resume is exact: N steps, save,
/// restore into a fresh scheduler, M steps gives the same values as N + M uninterrupted steps.
/// Schedulers are not thread-safe.
/// </remarks>
public abstract class LRScheduler
{
    /// <summary>The version written to and required from saved state.</summary>
    public const int StateVersion = 1;

    private protected LRScheduler()
    {
    }

    /// <summary>The definition this scheduler follows.</summary>
    public abstract IScheduleDefinition Definition { get; }

    /// <summary>The current epoch (Paddle's <c>last_epoch</c>): 0 after a fresh start, then one more per step.</summary>
    public long LastEpoch { get; private protected set; }

    /// <summary>The current learning rate (Paddle's <c>last_lr</c>, what <c>scheduler()</c> returns).</summary>
    public double LastLR { get; private protected set; }

    /// <summary>
    /// The current momentum (or Adam beta1) for schedules that cycle it (PyTorch's OneCycleLR and CyclicLR with
    /// <c>cycle_momentum=True</c>); <see langword="null"/> otherwise.
    /// </summary>
    public double? LastMomentum { get; private protected set; }

    /// <summary>Advances one epoch.</summary>
    /// <exception cref="InvalidOperationException">The scheduler is metric-driven (call <c>Step(metric)</c>) or the schedule ends (OneCycleLR past <c>total_steps</c>); the state is unchanged.</exception>
    public abstract void Step();

    /// <summary>Jumps to <paramref name="epoch"/>: the learning rate becomes the schedule's value at that epoch.</summary>
    /// <param name="epoch">The epoch, ≥ 0.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="epoch"/> is negative or past the schedule's end; the state is unchanged.</exception>
    /// <exception cref="InvalidOperationException">The scheduler is metric-driven (call <c>Step(metric, epoch)</c>).</exception>
    public abstract void Step(long epoch);

    /// <summary>Saves the state as versioned JSON that carries the spec.</summary>
    /// <returns>JSON such as <c>{"format":"anneal.scheduler","version":1,"spec":"StepDecay(...)","last_epoch":5,"last_lr":0.32}</c>.</returns>
    public string SaveState()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("format", StateFormat);
            writer.WriteNumber("version", StateVersion);
            writer.WriteString("spec", Definition.ToString());
            writer.WriteNumber("last_epoch", LastEpoch);
            writer.WriteNumber("last_lr", LastLR);
            WriteExtraState(writer);
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>
    /// Restores state saved by <see cref="SaveState"/> from a scheduler of the same spec. Nothing changes when the
    /// state is refused.
    /// </summary>
    /// <param name="state">The saved JSON.</param>
    /// <exception cref="ArgumentException">The JSON is malformed, of another version, for another spec, or inconsistent.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public void LoadState(string state)
    {
        using var document = ParseState(state);
        var root = document.RootElement;
        var spec = root.GetProperty("spec").GetString();
        var mine = Definition.ToString();
        if (!string.Equals(spec, mine, StringComparison.Ordinal))
        {
            throw new ArgumentException($"the state is for {spec}, not for this scheduler's {mine}", nameof(state));
        }

        ApplyState(root);
    }

    /// <summary>Creates a scheduler from saved state: the spec it carries, at the epoch it was saved.</summary>
    /// <param name="state">JSON written by <see cref="SaveState"/>.</param>
    /// <returns>A scheduler that continues exactly where the saved one stopped.</returns>
    /// <exception cref="ArgumentException">The JSON is malformed, of another version, or inconsistent.</exception>
    /// <exception cref="SpecException">The spec it carries is not valid.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="state"/> is null.</exception>
    public static LRScheduler Restore(string state)
    {
        string spec;
        using (var document = ParseState(state))
        {
            spec = document.RootElement.GetProperty("spec").GetString()!;
        }

        var scheduler = ScheduleSpec.Parse(spec).CreateScheduler();
        scheduler.LoadState(state);
        return scheduler;
    }

    /// <summary>The <c>format</c> field of saved state.</summary>
    private const string StateFormat = "anneal.scheduler";

    /// <summary>Writes the fields beyond <c>last_epoch</c> and <c>last_lr</c>.</summary>
    private protected virtual void WriteExtraState(Utf8JsonWriter writer)
    {
    }

    /// <summary>Validates every field of <paramref name="root"/> first, then assigns them all.</summary>
    private protected abstract void ApplyState(JsonElement root);

    /// <summary>Reads a required number field, refusing a missing or wrongly typed one.</summary>
    private protected static double ReadDouble(JsonElement root, string name)
        => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetDouble(out var d) && double.IsFinite(d)
            ? d
            : throw new ArgumentException($"the state has no valid '{name}' (a finite number is required)", "state");

    /// <summary>Reads a required integer field.</summary>
    private protected static long ReadInt64(JsonElement root, string name)
        => root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.Number && p.TryGetInt64(out var l)
            ? l
            : throw new ArgumentException($"the state has no valid '{name}' (an integer is required)", "state");

    /// <summary>Refuses a restored learning rate that is not what the schedule gives at the restored epoch.</summary>
    private protected static void CheckConsistent(double saved, double computed, long epoch)
    {
        if (!(Math.Abs(saved - computed) <= 1e-12 * Math.Max(1.0, Math.Abs(computed))))
        {
            throw new ArgumentException(
                $"the state is inconsistent: last_lr = {Guard.Format(saved)} but the schedule gives {Guard.Format(computed)} at epoch {epoch}",
                "state");
        }
    }

    private static JsonDocument ParseState(string state)
    {
        ArgumentNullException.ThrowIfNull(state);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(state);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"the state is not valid JSON: {ex.Message}", nameof(state), ex);
        }

        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String || format.GetString() != StateFormat)
        {
            document.Dispose();
            throw new ArgumentException($"the state is not an Anneal scheduler state (expected \"format\": \"{StateFormat}\")", nameof(state));
        }

        if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != StateVersion)
        {
            document.Dispose();
            throw new ArgumentException($"the state's version is not supported (this Anneal reads version {StateVersion})", nameof(state));
        }

        if (!root.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.String)
        {
            document.Dispose();
            throw new ArgumentException("the state has no \"spec\"", nameof(state));
        }

        return document;
    }
}
