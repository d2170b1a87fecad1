using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;

namespace Anneal.Lab.Data;

/// <summary>
/// Reads and writes IDX files (the MNIST format: a big-endian magic number <c>0x0000 TT DD</c> with type code
/// <c>TT</c> and <c>DD</c> dimensions, then one big-endian 32-bit size per dimension, then the data), gzipped or raw.
/// </summary>
/// <remarks>
/// Only unsigned bytes (type code <c>0x08</c>) are supported, which is what MNIST and Fashion-MNIST use. The reader
/// checks the magic number, the number of dimensions (1 to 4), that no size is zero and that the data is exactly as
/// long as the sizes say, and refuses anything else with an <see cref="IdxFormatException"/> naming the file.
/// Gzip is recognised by its own magic bytes (<c>1F 8B</c>), not by the file name.
/// </remarks>
public static class Idx
{
    /// <summary>The IDX type code of unsigned bytes.</summary>
    public const byte UnsignedByte = 0x08;

    private const int MaxDimensions = 4;

    /// <summary>Reads an IDX file of unsigned bytes, gzipped or raw.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its dimensions and data.</returns>
    /// <exception cref="IdxFormatException">The file is not a valid IDX file of unsigned bytes.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IdxArray Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            bytes = Decompress(File.ReadAllBytes(path));
        }
        catch (InvalidDataException ex)
        {
            throw new IdxFormatException($"{name}: starts like gzip but is not valid gzip ({ex.Message})", ex);
        }

        return Parse(bytes, name);
    }

    /// <summary>Parses the bytes of an IDX file (already decompressed).</summary>
    /// <param name="bytes">The file's bytes.</param>
    /// <param name="name">The name to use in error messages.</param>
    /// <returns>Its dimensions and data.</returns>
    /// <exception cref="IdxFormatException">The bytes are not a valid IDX file of unsigned bytes.</exception>
    public static IdxArray Parse(ReadOnlySpan<byte> bytes, string name)
    {
        if (bytes.Length < 4)
        {
            throw new IdxFormatException($"{name}: too short for an IDX file ({bytes.Length} bytes; the header alone is at least 8)");
        }

        if (bytes[0] != 0 || bytes[1] != 0)
        {
            throw new IdxFormatException(
                $"{name}: not an IDX file: the magic number {Hex(bytes[..4])} should start with 00 00 (e.g. 00 00 08 03 for images, 00 00 08 01 for labels)");
        }

        if (bytes[2] != UnsignedByte)
        {
            throw new IdxFormatException($"{name}: IDX type code 0x{bytes[2]:X2} is not supported; only unsigned bytes (0x08) are");
        }

        int dims = bytes[3];
        if (dims is < 1 or > MaxDimensions)
        {
            throw new IdxFormatException($"{name}: {dims} dimensions in the magic number {Hex(bytes[..4])}; expected 1 to {MaxDimensions}");
        }

        var headerLength = 4 + (4 * dims);
        if (bytes.Length < headerLength)
        {
            throw new IdxFormatException($"{name}: truncated header: {dims} dimensions need {headerLength} bytes, the file has {bytes.Length}");
        }

        var sizes = new int[dims];
        long total = 1;
        for (var i = 0; i < dims; i++)
        {
            var size = BinaryPrimitives.ReadUInt32BigEndian(bytes.Slice(4 + (4 * i), 4));
            if (size is 0 or > int.MaxValue)
            {
                throw new IdxFormatException($"{name}: dimension {i} has size {size}; expected 1 to {int.MaxValue}");
            }

            sizes[i] = (int)size;
            total *= size;
            if (total > Array.MaxLength)
            {
                throw new IdxFormatException($"{name}: the sizes {string.Join('×', sizes.Take(i + 1))} are too large for one array");
            }
        }

        var data = bytes[headerLength..];
        if (data.Length != total)
        {
            var what = data.Length < total ? "truncated" : "trailing bytes";
            throw new IdxFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"{name}: {what}: the header's sizes {string.Join('×', sizes)} promise {total:N0} bytes of data, the file has {data.Length:N0}"));
        }

        return new IdxArray(sizes, data.ToArray());
    }

    /// <summary>Writes an IDX file of unsigned bytes, gzipped when the path ends in <c>.gz</c>.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="array">The dimensions and data.</param>
    /// <exception cref="ArgumentException">The data's length is not the product of the dimensions.</exception>
    public static void Write(string path, IdxArray array)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(array);
        var dims = array.Dimensions.Count;
        if (dims is < 1 or > MaxDimensions || array.Dimensions.Any(d => d < 1))
        {
            throw new ArgumentException($"expected 1 to {MaxDimensions} dimensions, each at least 1; got [{string.Join(", ", array.Dimensions)}]", nameof(array));
        }

        if (array.Data.LongLength != array.Dimensions.Aggregate(1L, (a, b) => a * b))
        {
            throw new ArgumentException($"the data has {array.Data.Length} bytes; the dimensions [{string.Join(", ", array.Dimensions)}] need their product", nameof(array));
        }

        var header = new byte[4 + (4 * dims)];
        header[2] = UnsignedByte;
        header[3] = (byte)dims;
        for (var i = 0; i < dims; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + (4 * i)), (uint)array.Dimensions[i]);
        }

        using var file = File.Create(path);
        using Stream output = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionLevel.Optimal) : file;
        output.Write(header);
        output.Write(array.Data);
    }

    private static byte[] Decompress(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x1F || bytes[1] != 0x8B)
        {
            return bytes;
        }

        using var input = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var output = new MemoryStream(bytes.Length * 4);
        input.CopyTo(output);
        return output.ToArray();
    }

    private static string Hex(ReadOnlySpan<byte> bytes)
        => string.Join(' ', bytes.ToArray().Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
