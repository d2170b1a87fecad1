using Anneal.Internal;

namespace Anneal;

/// <summary>Checks that nested definitions handed to composites are pure schedules.</summary>
internal static class ComposeArgument
{
    public static Schedule Schedule(IScheduleDefinition definition, string paramName)
        => definition as Schedule ?? throw Guard.Invalid(
            paramName,
            definition.Name,
            "is not allowed here: composites need pure schedules (ReduceOnPlateau goes outermost: ReduceOnPlateau(learning_rate=<schedule>, ...))");

    public static IEnumerable<Schedule> Schedules(IReadOnlyList<IScheduleDefinition> definitions, string paramName)
        => definitions.Select(d => Schedule(d, paramName));
}
