using Anneal.Specs;

namespace Anneal;

/// <summary>
/// Reads spec text and JSON into schedule definitions. Use <see cref="Schedule.Parse"/> when only a pure schedule
/// will do, and this class when <see cref="ReduceOnPlateau"/> is welcome too (as in <c>anneal export</c>).
/// </summary>
/// <example>
/// <code>
/// var definition = ScheduleSpec.Parse("StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)");
/// var scheduler = definition.CreateScheduler();
/// </code>
/// </example>
public static class ScheduleSpec
{
    /// <summary>Parses spec text such as <c>CosineAnnealingDecay(learning_rate=0.1, T_max=100)</c>.</summary>
    /// <param name="text">The spec: Paddle's constructor call with named arguments.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="SpecException">The text is malformed, names an unknown schedule or parameter, or gives a value that is not allowed.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static IScheduleDefinition Parse(string text) => SpecBinder.Bind(SpecParser.Parse(text));

    /// <summary>Reads the JSON form, e.g. <c>{"type": "CosineAnnealingDecay", "learning_rate": 0.1, "T_max": 100}</c>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="SpecException">The JSON is malformed or does not describe a valid schedule.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="json"/> is null.</exception>
    public static IScheduleDefinition FromJson(string json) => SpecBinder.Bind(SpecJson.Read(json));

    /// <summary>The names of every schedule the spec language knows, in ordinal order.</summary>
    public static IReadOnlyList<string> Names => ScheduleRegistry.All.Select(d => d.Name).ToArray();
}
