namespace Anneal.Internal;

/// <summary>
/// Checks and lookups for sorted lists of epochs (PiecewiseDecay's <c>boundaries</c>, MultiStepDecay's
/// <c>milestones</c>).
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
        long[] copy = [.. Guard.NotNull(epochs, paramName)];
        for (var i = 0; i < copy.Length; i++)
        {
            var e = copy[i];
            if (e < 0)
            {
                throw Guard.OutOfRange(paramName, e, $"at index {i} must be >= 0 (a {noun} is an epoch)");
            }

            if (i > 0 && e <= copy[i - 1])
            {
                throw Guard.OutOfRange(
                    paramName,
                    e,
                    $"at index {i} must be > {copy[i - 1]}, the {noun} before it ({paramName} must be strictly increasing)");
            }
        }

        return copy;
    }

    /// <summary>How many elements of the strictly increasing <paramref name="epochs"/> are ≤ <paramref name="step"/>, in O(log n).</summary>
    public static int CountAtOrBefore(long[] epochs, long step)
    {
        // The elements are distinct, so an exact match at k means k + 1 of them are <= step.
        var found = Array.BinarySearch(epochs, step);
        return found >= 0 ? found + 1 : ~found;
    }

    /// <summary>
    /// The list as spec text writes it (<c>[3, 6, 9]</c>), as a value for <see cref="Guard.OutOfRange"/>: Guard
    /// quotes strings but prints an <see cref="IFormattable"/> as is.
    /// </summary>
    public static FormattableString Shown<T>(IEnumerable<T> items)
        => $"[{string.Join(", ", items.Select(x => Guard.FormatValue(x)))}]";
}
