namespace Anneal.Internal;

/// <summary>
/// <c>lr * gamma ** k</c>: the closed form that StepDecay and PyTorch's StepLR (<c>k = e // step_size</c>),
/// MultiStepDecay and MultiStepLR (<c>k</c> = the milestones passed) and ExponentialDecay and ExponentialLR
/// (<c>k = e</c>) share.
/// </summary>
internal static class GeometricDecay
{
    /// <summary>The learning rate after <paramref name="k"/> decays by <paramref name="gamma"/>.</summary>
    public static double At(double lr, double gamma, long k) => lr * Math.Pow(gamma, k);
}
