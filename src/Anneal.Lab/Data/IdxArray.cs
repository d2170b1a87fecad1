namespace Anneal.Lab.Data;

/// <summary>The content of an IDX file of unsigned bytes: its dimensions and its data in row-major order.</summary>
/// <param name="Dimensions">The sizes, outermost first, e.g. <c>[60000, 28, 28]</c> for images, <c>[60000]</c> for labels.</param>
/// <param name="Data">The bytes, <c>Dimensions</c>' product of them.</param>
public sealed record IdxArray(IReadOnlyList<int> Dimensions, byte[] Data)
{
    /// <summary>The number of items: the first dimension.</summary>
    public int Count => Dimensions[0];

    /// <summary>The number of bytes per item: the product of the other dimensions (1 for labels).</summary>
    public int ItemSize => Dimensions.Skip(1).Aggregate(1, (a, b) => a * b);
}
