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

    /// <summary>
    /// Tables of the first decays: 64 doubles (512 bytes) cover every decay of the usual step recipes (step_size = 30
    /// over 300 epochs is 10 decays); schedules compute later ones with <see cref="At"/>.
    /// </summary>
    public const int TableSize = 64;

    /// <summary>
    /// <c>[At(lr, gamma, 0), ..., At(lr, gamma, count - 1)]</c>, each by <see cref="At"/> itself, so a lookup returns
    /// the very double the closed form gives.
    /// </summary>
    public static double[] Table(double lr, double gamma, int count)
    {
        var rates = new double[count];
        for (var k = 0; k < rates.Length; k++)
        {
            rates[k] = At(lr, gamma, k);
        }

        return rates;
    }
}
