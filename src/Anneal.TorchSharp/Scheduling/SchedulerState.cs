using System.Text;
using System.Text.Json;

namespace Anneal.TorchSharp;

/// <summary>
/// The saved state of an <see cref="AnnealLRScheduler"/>: versioned JSON that carries the param-group count, the
/// group multipliers, whether momentum is cycled, and the Anneal scheduler's own state (which carries the spec).
/// </summary>
/// <example>
/// <c>{"format":"anneal.torchsharp.scheduler","version":1,"param_groups":2,"multipliers":[1,0.1],"cycle_momentum":true,
/// "scheduler":{"format":"anneal.scheduler","version":1,"spec":"torch.StepLR(lr=0.1, step_size=2)","last_epoch":3,"last_lr":0.05}}</c>
/// </example>
internal sealed record SchedulerState(int ParamGroups, double[] Multipliers, bool CycleMomentum, string Spec, string SchedulerJson)
{
    public const string Format = "anneal.torchsharp.scheduler";
    public const int Version = 1;

    public static string Write(int paramGroups, double[] multipliers, bool cycleMomentum, string schedulerJson)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("format", Format);
            writer.WriteNumber("version", Version);
            writer.WriteNumber("param_groups", paramGroups);
            writer.WriteStartArray("multipliers");
            foreach (var m in multipliers)
            {
                writer.WriteNumberValue(m);
            }

            writer.WriteEndArray();
            writer.WriteBoolean("cycle_momentum", cycleMomentum);
            writer.WritePropertyName("scheduler");
            writer.WriteRawValue(schedulerJson);
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads and checks the outer fields; the Anneal scheduler's state is checked by the scheduler.</summary>
    /// <exception cref="ArgumentException">The JSON is malformed, not this format, of another version, or a field is missing or invalid.</exception>
    public static SchedulerState Read(string state, string paramName = "state")
    {
        ArgumentNullException.ThrowIfNull(state, paramName);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(state);
        }
        catch (JsonException ex)
        {
            throw new ArgumentException($"the scheduler state is not valid JSON: {ex.Message}", paramName, ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("format", out var format) || format.ValueKind != JsonValueKind.String)
            {
                throw new ArgumentException($"the state is not an Anneal.TorchSharp scheduler state (expected \"format\": \"{Format}\")", paramName);
            }

            if (format.GetString() != Format)
            {
                var hint = format.GetString() == "anneal.scheduler"
                    ? ": it is a core Anneal scheduler state (LRScheduler.SaveState); use the JSON from AnnealLRScheduler.SaveState"
                    : string.Empty;
                throw new ArgumentException($"the state's format is \"{format.GetString()}\", not \"{Format}\"{hint}", paramName);
            }

            if (!root.TryGetProperty("version", out var version) || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != Version)
            {
                throw new ArgumentException($"the state's version is not supported (this Anneal.TorchSharp reads version {Version})", paramName);
            }

            if (!root.TryGetProperty("param_groups", out var groupsElement) || groupsElement.ValueKind != JsonValueKind.Number
                || !groupsElement.TryGetInt32(out var groups) || groups < 1)
            {
                throw new ArgumentException("the state has no valid \"param_groups\" (an integer >= 1 is required)", paramName);
            }

            if (!root.TryGetProperty("multipliers", out var multipliersElement) || multipliersElement.ValueKind != JsonValueKind.Array
                || multipliersElement.GetArrayLength() != groups)
            {
                throw new ArgumentException($"the state has no valid \"multipliers\" (an array of {groups} numbers is required)", paramName);
            }

            var multipliers = new double[groups];
            var i = 0;
            foreach (var element in multipliersElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var m) || !double.IsFinite(m) || m < 0)
                {
                    throw new ArgumentException($"the state's multipliers[{i}] is not a finite number >= 0", paramName);
                }

                multipliers[i++] = m;
            }

            if (!root.TryGetProperty("cycle_momentum", out var cycle) || cycle.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new ArgumentException("the state has no valid \"cycle_momentum\" (true or false is required)", paramName);
            }

            if (!root.TryGetProperty("scheduler", out var scheduler) || scheduler.ValueKind != JsonValueKind.Object
                || !scheduler.TryGetProperty("spec", out var spec) || spec.ValueKind != JsonValueKind.String)
            {
                throw new ArgumentException("the state has no valid \"scheduler\" (the Anneal scheduler's state, with its \"spec\")", paramName);
            }

            return new SchedulerState(groups, multipliers, cycle.GetBoolean(), spec.GetString()!, scheduler.GetRawText());
        }
    }
}
