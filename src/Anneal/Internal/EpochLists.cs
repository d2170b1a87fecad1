namespace Anneal.Internal;

/// <summary>
/// Checks and lookups for sorted lists of epochs (PiecewiseDecay's <c>boundaries</c>, the <c>milestones</c> of
/// MultiStepDecay and PyTorch's MultiStepLR).
/// </summary>
internal static class EpochLists
{
    /// <summary>
    /// Copies <paramref name="epochs"/> and requires every element to be ≥ 0 and greater than the one before it.
    /// </summary>
    /// <param name="epochs">The list given by the caller.</param>
    /// <param name="paramName">The C# parameter name, for the exception.</param>
    /// <param name="noun">What the elements are called in messages (<c>boundary</c>, <c>milestone</c>).</param>
    /// <returns>The copy, which the caller owns.</returns>
    public static long[] StrictlyIncreasing(IEnumerable<long>? epochs, string paramName, string noun)
    {
        var copy = NonNegative(epochs, paramName, noun);
        for (var i = 1; i < copy.Length; i++)
        {
            var e = copy[i];
            if (e <= copy[i - 1])
            {
                throw Guard.OutOfRange(
                    paramName,
                    e,
                    $"at index {i} must be > {copy[i - 1]}, the {noun} before it ({paramName} must be strictly increasing)");
            }
        }

        return copy;
    }

    /// <summary>
    /// Copies <paramref name="epochs"/>, requires every element to be ≥ 0 and sorts the copy; repeated elements stay
    /// (PyTorch's MultiStepLR applies its factor once per repetition).
    /// </summary>
    /// <param name="epochs">The list given by the caller, in any order.</param>
    /// <param name="paramName">The C# parameter name, for the exception.</param>
    /// <param name="noun">What the elements are called in messages (<c>milestone</c>).</param>
    /// <returns>The sorted copy, which the caller owns.</returns>
    public static long[] SortedNonNegative(IEnumerable<long>? epochs, string paramName, string noun)
    {
        var copy = NonNegative(epochs, paramName, noun);
        Array.Sort(copy);
        return copy;
    }

    /// <summary>
    /// How many elements of the sorted <paramref name="epochs"/> are ≤ <paramref name="step"/> (Python's
    /// <c>bisect_right</c>), in O(log n). Repeated elements each count.
    /// </summary>
    public static int CountAtOrBefore(long[] epochs, long step)
    {
        int low = 0, high = epochs.Length;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (epochs[mid] <= step)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }

        return low;
    }

    private static long[] NonNegative(IEnumerable<long>? epochs, string paramName, string noun)
    {
        long[] copy = [.. Guard.NotNull(epochs, paramName)];
        for (var i = 0; i < copy.Length; i++)
        {
            if (copy[i] < 0)
            {
                throw Guard.OutOfRange(paramName, copy[i], $"at index {i} must be >= 0 (a {noun} is an epoch)");
            }
        }

        return copy;
    }

    /// <summary>
    /// The list as spec text writes it (<c>[3, 6, 9]</c>), as a value for <see cref="Guard.OutOfRange"/>: Guard
    /// quotes strings but prints an <see cref="IFormattable"/> as is.
    /// </summary>
    public static FormattableString Shown<T>(IEnumerable<T> items)
        => $"[{string.Join(", ", items.Select(x => Guard.FormatValue(x)))}]";
}
