using System.Reflection;

namespace Anneal.Specs;

/// <summary>
/// Every schedule the spec language knows. Each schedule class declares an <c>internal static readonly
/// ScheduleDescriptor Descriptor</c>; the registry collects them once, so adding a schedule is one file.
/// </summary>
internal static class ScheduleRegistry
{
    /// <summary>The optional prefix of Paddle names (<c>paddle.optimizer.lr.StepDecay</c>).</summary>
    public const string PaddlePrefix = "paddle.optimizer.lr.";

    private static readonly Lazy<Dictionary<string, ScheduleDescriptor>> ByName = new(Collect);

    /// <summary>All registered spec names.</summary>
    public static IEnumerable<string> Names => ByName.Value.Keys;

    /// <summary>All registered descriptors, in name order.</summary>
    public static IEnumerable<ScheduleDescriptor> All => ByName.Value.Values.OrderBy(d => d.Name, StringComparer.Ordinal);

    /// <summary>Finds a descriptor by spec name, with or without Paddle's module prefix.</summary>
    public static ScheduleDescriptor? Find(string name)
        => ByName.Value.TryGetValue(StripPrefix(name), out var d) ? d : null;

    /// <summary>Removes <see cref="PaddlePrefix"/>, if present (never from a PyTorch name: <c>paddle.optimizer.lr.torch.X</c> stays unknown).</summary>
    public static string StripPrefix(string name)
        => name.StartsWith(PaddlePrefix, StringComparison.Ordinal) && !name.AsSpan(PaddlePrefix.Length).StartsWith("torch.", StringComparison.Ordinal)
            ? name[PaddlePrefix.Length..]
            : name;

    private static Dictionary<string, ScheduleDescriptor> Collect()
    {
        var result = new Dictionary<string, ScheduleDescriptor>(StringComparer.Ordinal);
        foreach (var type in typeof(ScheduleRegistry).Assembly.GetTypes())
        {
            var field = type.GetField("Descriptor", BindingFlags.Static | BindingFlags.NonPublic | BindingFlags.Public);
            if (field?.FieldType == typeof(ScheduleDescriptor) && field.GetValue(null) is ScheduleDescriptor d)
            {
                result.Add(d.Name, d);
            }
        }

        return result;
    }
}
