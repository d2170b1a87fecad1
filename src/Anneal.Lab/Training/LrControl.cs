using TorchSharp;

namespace Anneal.Lab.Training;

/// <summary>
/// The one place where the lab writes a learning rate into a TorchSharp optimizer: every parameter group gets it.
/// </summary>
internal static class LrControl
{
    /// <summary>Sets the learning rate of every parameter group.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="lr">The learning rate.</param>
    public static void Apply(torch.optim.Optimizer optimizer, double lr)
    {
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lr;
        }
    }

    /// <summary>The learning rate of every parameter group.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <returns>One value per group.</returns>
    public static double[] Read(torch.optim.Optimizer optimizer) => [.. optimizer.ParamGroups.Select(g => g.LearningRate)];

    /// <summary>Sets each parameter group's learning rate back to a saved value.</summary>
    /// <param name="optimizer">The optimizer.</param>
    /// <param name="lrs">One value per group, from <see cref="Read"/>.</param>
    public static void Restore(torch.optim.Optimizer optimizer, double[] lrs)
    {
        var i = 0;
        foreach (var group in optimizer.ParamGroups)
        {
            group.LearningRate = lrs[i++];
        }
    }
}
