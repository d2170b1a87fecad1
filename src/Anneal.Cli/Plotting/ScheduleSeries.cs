namespace Anneal.Cli.Plotting;

/// <summary>
/// What a scheduler reported right after construction and after each <c>Step()</c>: the rows <c>anneal export</c>
/// prints, with the step as the index (row <c>k</c> is step <c>k</c>).
/// </summary>
/// <param name="Label">The legend and table label.</param>
/// <param name="Definition">The schedule.</param>
/// <param name="Lr">The learning rate at each step.</param>
/// <param name="Momentum">The momentum (or beta1) at each step, for schedules that cycle it; otherwise null.</param>
internal sealed record ScheduleSeries(string Label, IScheduleDefinition Definition, double[] Lr, double[]? Momentum)
{
    /// <summary>The last step: the number of <c>Step()</c> calls.</summary>
    public long LastStep => Lr.Length - 1;
}
