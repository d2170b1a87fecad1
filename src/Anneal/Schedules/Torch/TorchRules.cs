using Anneal.Internal;

namespace Anneal;

/// <summary>Checks shared by the PyTorch family.</summary>
internal static class TorchRules
{
    /// <summary>
    /// Refuses a learning rate that overflowed at <paramref name="step"/> (a <c>gamma</c> above 1 grows without
    /// bound; PyTorch would go on with an infinite rate).
    /// </summary>
    public static double Finite(double lr, long step, double gamma)
    {
        if (!double.IsFinite(lr))
        {
            ThrowOverflow(step, gamma);
        }

        return lr;
    }

    /// <summary>
    /// The children of <see cref="TorchSequentialLR"/> and <see cref="TorchChainedScheduler"/> from bound spec values:
    /// pure schedules only (PyTorch refuses ReduceLROnPlateau in both).
    /// </summary>
    public static IEnumerable<Schedule> Schedules(IReadOnlyList<IScheduleDefinition> definitions, string container)
    {
        var schedules = new Schedule[definitions.Count];
        for (var i = 0; i < schedules.Length; i++)
        {
            schedules[i] = definitions[i] as Schedule ?? throw Guard.Invalid(
                "schedulers",
                definitions[i].Name,
                $"(index {i}) is not allowed in {container}: it is driven by a metric (PyTorch refuses ReduceLROnPlateau here too)");
        }

        return schedules;
    }

    /// <summary>
    /// Copies and checks the children of a PyTorch container: at least one; each a <c>torch.*</c> schedule that is
    /// not itself a container, with the container's <paramref name="lr"/>.
    /// </summary>
    public static Schedule[] Children(IEnumerable<Schedule>? schedulers, double lr, string container)
    {
        Schedule[] children = [.. Guard.NotNull(schedulers)];
        Guard.Require(children.Length >= 1, nameof(schedulers), (FormattableString)$"[]", "must hold at least one scheduler");
        for (var i = 0; i < children.Length; i++)
        {
            var child = Guard.NotNull(children[i], nameof(schedulers));
            if (child is not ITorchSchedule torch)
            {
                throw Guard.Invalid(nameof(schedulers), child.Name, $"(index {i}) is not allowed in {container}: its schedulers are torch.* schedules");
            }

            if (child is TorchSequentialLR or TorchChainedScheduler)
            {
                throw Guard.Invalid(
                    nameof(schedulers),
                    child.Name,
                    $"(index {i}) is not allowed in {container}: PyTorch's containers do not nest (a nested one resets or double-steps the shared lr); list its schedulers directly");
            }

            if (!torch.Lr.Equals(lr))
            {
                throw Guard.Invalid(
                    nameof(schedulers),
                    child.Name,
                    $"(index {i}) has lr = {Guard.Format(torch.Lr)}, but {container} has lr = {Guard.Format(lr)}: its schedulers share the optimizer's lr");
            }
        }

        return children;
    }

    private static void ThrowOverflow(long step, double gamma)
        => throw Guard.OutOfRange(nameof(step), step, $"is too far: the learning rate overflows a double there (gamma = {Guard.Format(gamma)})");
}
