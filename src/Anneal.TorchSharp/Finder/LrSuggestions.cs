namespace Anneal.TorchSharp;

/// <summary>One suggested learning rate: which rule, the rate, and the point of the curve it marks.</summary>
/// <param name="Rule">The rule's name: <c>valley</c>, <c>slide</c>, <c>minimum/10</c>, <c>steep</c> or <c>steepest gradient</c>.</param>
/// <param name="Lr">The suggested learning rate.</param>
/// <param name="MarkLr">The learning rate of the marked point (for <c>minimum/10</c> the minimum itself, else <see cref="Lr"/>).</param>
/// <param name="MarkLoss">The (smoothed) loss at the marked point.</param>
public sealed record LrSuggestion(string Rule, double Lr, double MarkLr, double MarkLoss);

/// <summary>
/// Rules that turn an LR range test's curve (learning rates rising exponentially, smoothed losses) into a suggested
/// learning rate. The first four are fastai's (<c>fastai.callback.schedule</c>: <c>valley</c>, <c>slide</c>,
/// <c>minimum</c>, <c>steep</c>); the last is torch-lr-finder's (<c>LRFinder.plot(suggest_lr=True)</c>).
/// </summary>
/// <remarks>
/// <para>Each rule takes the learning rates and losses as recorded (same length, rates increasing) and returns the
/// index or rate it picks; <see cref="Suggest"/> trims the curve as the originals do and applies them all.</para>
/// <para>Which to use: <c>valley</c> (fastai's default since 2.5) is the most robust; <c>minimum/10</c> and
/// <c>steep</c> bracket it; <c>slide</c> is tuned to fastai's loss scale. On the lab's MLP the best constant
/// learning rate found by grid search sits near <c>minimum/10</c>.</para>
/// </remarks>
public static class LrSuggestions
{
    /// <summary>fastai's <c>slide</c> default: the index distance between the two compared gradients.</summary>
    public const int SlideLrDiff = 15;

    /// <summary>fastai's <c>slide</c> default: the gradient difference below which the window stops sliding.</summary>
    public const double SlideThreshold = 0.005;

    /// <summary>
    /// <b>valley</b> (fastai): the longest valley. It finds the longest decreasing subsequence of the losses (not
    /// necessarily contiguous) ending at <c>max_end</c>, sets <c>max_start = max_end − length</c> (fastai's
    /// arithmetic, kept as is), and returns the index <c>max_start + ⌊s⌋ + ⌊s/2⌋</c> with <c>s = (max_end − max_start)/3</c>:
    /// about halfway down the valley, past its first third.
    /// </summary>
    /// <param name="losses">The losses.</param>
    /// <returns>The index of the suggested point.</returns>
    public static int Valley(IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        var n = losses.Count;
        RequirePoints(n, 1);
        var lds = new int[n];
        Array.Fill(lds, 1);
        int maxStart = 0, maxEnd = 0;
        for (var i = 1; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                if (losses[i] < losses[j] && lds[i] < lds[j] + 1)
                {
                    lds[i] = lds[j] + 1;
                }

                if (lds[maxEnd] < lds[i])
                {
                    maxEnd = i;
                    maxStart = maxEnd - lds[maxEnd];
                }
            }
        }

        var sections = (maxEnd - maxStart) / 3.0;
        return Math.Clamp(maxStart + (int)sections + (int)(sections / 2), 0, n - 1);
    }

    /// <summary>
    /// <b>slide</b> (fastai): an interval slide rule. With <c>g = gradient(losses)</c> (central differences in the
    /// index), it compares <c>g[r]</c> with <c>g[r − lrDiff]</c> starting from the last point and slides both to the
    /// left while they differ by more than <paramref name="threshold"/>; the suggestion is the rate at the left end
    /// where they first agree (where the curve has been straight for <paramref name="lrDiff"/> points), times
    /// <paramref name="adjust"/>. The threshold is in loss units per point, so it depends on the loss's scale.
    /// </summary>
    /// <param name="lrs">The learning rates.</param>
    /// <param name="losses">The losses.</param>
    /// <param name="lrDiff">The index distance between the compared gradients; needs more points than this.</param>
    /// <param name="threshold">The gradient difference that counts as agreeing.</param>
    /// <param name="adjust">A factor on the result (fastai's <c>adjust_value</c>).</param>
    /// <returns>The suggested learning rate.</returns>
    public static double Slide(IReadOnlyList<double> lrs, IReadOnlyList<double> losses, int lrDiff = SlideLrDiff, double threshold = SlideThreshold, double adjust = 1.0)
    {
        Check(lrs, losses);
        RequirePoints(losses.Count, lrDiff + 1);
        var g = Gradient(losses);
        var r = losses.Count - 1;
        var l = r - lrDiff;
        var localMin = lrs[l];
        while (l >= 0 && Math.Abs(g[r] - g[l]) > threshold)
        {
            localMin = lrs[l];
            r--;
            l--;
        }

        return localMin * adjust;
    }

    /// <summary>
    /// <b>minimum/10</b> (fastai's <c>minimum</c>, the classic Leslie Smith / fastai v1 rule): one tenth of the rate
    /// at the lowest loss, i.e. a rate safely below where the loss stops falling.
    /// </summary>
    /// <param name="losses">The losses.</param>
    /// <returns>The index of the lowest loss (the suggestion is the rate there divided by 10).</returns>
    public static int Minimum(IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        RequirePoints(losses.Count, 1);
        var best = 0;
        for (var i = 1; i < losses.Count; i++)
        {
            if (losses[i] < losses[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// <b>steep</b> (fastai): the steepest slope per decade. With forward differences against the log of the rate,
    /// <c>d[i] = (loss[i+1] − loss[i]) / (ln lr[i+1] − ln lr[i])</c>, it returns the <c>i</c> of the most negative
    /// <c>d[i]</c>: the left end of the steepest segment.
    /// </summary>
    /// <param name="lrs">The learning rates (increasing, positive).</param>
    /// <param name="losses">The losses.</param>
    /// <returns>The index of the suggested point.</returns>
    public static int Steep(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        Check(lrs, losses);
        RequirePoints(losses.Count, 2);
        var best = 0;
        var bestSlope = double.PositiveInfinity;
        for (var i = 0; i + 1 < losses.Count; i++)
        {
            var slope = (losses[i + 1] - losses[i]) / (Math.Log(lrs[i + 1]) - Math.Log(lrs[i]));
            if (slope < bestSlope)
            {
                bestSlope = slope;
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// <b>steepest gradient</b> (torch-lr-finder): the index of the most negative <c>gradient(losses)</c>, with the
    /// gradient taken against the point's index (unit spacing: central differences inside, one-sided at the ends,
    /// NumPy's <c>np.gradient</c>). For an exponential sweep the index is proportional to <c>log lr</c>, so this is the
    /// steepest descent per decade like <c>steep</c>, but centred on a point instead of a segment.
    /// </summary>
    /// <param name="losses">The losses.</param>
    /// <returns>The index of the suggested point.</returns>
    public static int SteepestGradient(IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(losses);
        RequirePoints(losses.Count, 2);
        var g = Gradient(losses);
        var best = 0;
        for (var i = 1; i < g.Length; i++)
        {
            if (g[i] < g[best])
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>
    /// Applies every rule the way its library does: fastai's rules to the curve without its first
    /// <c>n/10</c> and last 5 points (<c>lrs[num_it//10:-5]</c>), the steepest-gradient rule without the first 10
    /// and last 5 (torch-lr-finder's <c>skip_start=10, skip_end=5</c>). Rules that need more points than remain are
    /// left out.
    /// </summary>
    /// <param name="lrs">The learning rates, increasing.</param>
    /// <param name="losses">The smoothed losses.</param>
    /// <returns>The suggestions, in the order valley, slide, minimum/10, steep, steepest gradient.</returns>
    public static IReadOnlyList<LrSuggestion> Suggest(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        Check(lrs, losses);
        var result = new List<LrSuggestion>(5);
        var n = lrs.Count;
        var (fl, fy) = Trim(lrs, losses, n / 10, 5);
        if (fl.Length >= 2)
        {
            var v = Valley(fy);
            result.Add(new LrSuggestion("valley", fl[v], fl[v], fy[v]));
            if (fl.Length > SlideLrDiff)
            {
                var s = Slide(fl, fy);
                result.Add(new LrSuggestion("slide", s, s, InterpolateLoss(fl, fy, s)));
            }

            var m = Minimum(fy);
            result.Add(new LrSuggestion("minimum/10", fl[m] / 10, fl[m], fy[m]));
            var st = Steep(fl, fy);
            result.Add(new LrSuggestion("steep", fl[st], fl[st], fy[st]));
        }

        var (tl, ty) = Trim(lrs, losses, 10, 5);
        if (tl.Length >= 2)
        {
            var g = SteepestGradient(ty);
            result.Add(new LrSuggestion("steepest gradient", tl[g], tl[g], ty[g]));
        }

        return result;
    }

    /// <summary>NumPy's <c>np.gradient</c> with unit spacing: central differences inside, one-sided at the ends.</summary>
    /// <param name="y">The values (at least 2).</param>
    /// <returns>The gradient at every index.</returns>
    public static double[] Gradient(IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(y);
        RequirePoints(y.Count, 2);
        var n = y.Count;
        var g = new double[n];
        g[0] = y[1] - y[0];
        g[n - 1] = y[n - 1] - y[n - 2];
        for (var i = 1; i < n - 1; i++)
        {
            g[i] = (y[i + 1] - y[i - 1]) / 2;
        }

        return g;
    }

    /// <summary>The loss at <paramref name="lr"/>, linearly interpolated in <c>log10 lr</c> (NumPy's <c>np.interp</c>).</summary>
    private static double InterpolateLoss(double[] lrs, double[] losses, double lr)
    {
        var x = Math.Log10(lr);
        if (x <= Math.Log10(lrs[0]))
        {
            return losses[0];
        }

        for (var i = 1; i < lrs.Length; i++)
        {
            var x1 = Math.Log10(lrs[i]);
            if (x <= x1)
            {
                var x0 = Math.Log10(lrs[i - 1]);
                return losses[i - 1] + ((losses[i] - losses[i - 1]) * (x - x0) / (x1 - x0));
            }
        }

        return losses[^1];
    }

    private static (double[] Lrs, double[] Losses) Trim(IReadOnlyList<double> lrs, IReadOnlyList<double> losses, int skipStart, int skipEnd)
    {
        var count = Math.Max(0, lrs.Count - skipStart - skipEnd);
        return ([.. lrs.Skip(skipStart).Take(count)], [.. losses.Skip(skipStart).Take(count)]);
    }

    private static void Check(IReadOnlyList<double> lrs, IReadOnlyList<double> losses)
    {
        ArgumentNullException.ThrowIfNull(lrs);
        ArgumentNullException.ThrowIfNull(losses);
        if (lrs.Count != losses.Count)
        {
            throw new ArgumentException($"lrs has {lrs.Count} values and losses {losses.Count}; they must be equal", nameof(losses));
        }
    }

    private static void RequirePoints(int count, int needed)
    {
        if (count < needed)
        {
            throw new ArgumentException($"the curve has {count} points; this rule needs at least {needed}");
        }
    }
}
