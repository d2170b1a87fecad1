using System.Globalization;

namespace Anneal.Lab.Data;

/// <summary>
/// A Fashion-MNIST-shaped data set: 28×28 grey images with labels 0–9, a training and a test split, read from the
/// four standard IDX files (<c>train-images-idx3-ubyte</c>, <c>train-labels-idx1-ubyte</c>, <c>t10k-images-idx3-ubyte</c>,
/// <c>t10k-labels-idx1-ubyte</c>, each optionally <c>.gz</c>).
/// </summary>
/// <param name="Train">The training split.</param>
/// <param name="Test">The test split.</param>
/// <param name="Source">Where it was read from.</param>
public sealed record FashionMnist(DataSplit Train, DataSplit Test, string Source)
{
    /// <summary>The image side in pixels.</summary>
    public const int Side = 28;

    /// <summary>The number of classes.</summary>
    public const int Classes = 10;

    /// <summary>Where Debian's <c>dataset-fashion-mnist</c> package installs the full data set.</summary>
    public const string DebianDirectory = "/usr/share/datasets/fashion-mnist";

    /// <summary>The shipped subset's folder, relative to the repository root.</summary>
    public const string SubsetRelativePath = "data/fashion-mnist-subset";

    /// <summary>The class names, by label.</summary>
    public static IReadOnlyList<string> ClassNames { get; } =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Reads the four IDX files from a folder and checks that they fit together.</summary>
    /// <param name="directory">The folder.</param>
    /// <returns>The data set.</returns>
    /// <exception cref="IdxFormatException">A file is missing, malformed, or does not match its partner.</exception>
    public static FashionMnist Load(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new IdxFormatException($"data folder '{directory}' does not exist");
        }

        return new FashionMnist(LoadSplit(directory, "train"), LoadSplit(directory, "t10k"), Path.GetFullPath(directory));
    }

    /// <summary>
    /// Finds the data: <paramref name="directory"/> when given; else the full set from Debian's
    /// <c>dataset-fashion-mnist</c> when installed; else the subset shipped in <c>data/fashion-mnist-subset</c>, looked
    /// for from the current folder and the program's folder upwards.
    /// </summary>
    /// <param name="directory">The folder the user asked for, or null.</param>
    /// <returns>The folder to load.</returns>
    /// <exception cref="IdxFormatException">Nothing was found; the message says where the lab looked.</exception>
    public static string Locate(string? directory)
    {
        if (directory is not null)
        {
            return directory;
        }

        if (HasFiles(DebianDirectory))
        {
            return DebianDirectory;
        }

        return FindSubset() ?? throw new IdxFormatException(
            $"no Fashion-MNIST found: give --data DIR, install Debian's dataset-fashion-mnist ({DebianDirectory}), or run from a clone of Anneal ({SubsetRelativePath})");
    }

    /// <summary>The shipped subset's folder, looked for from the current folder and the program's folder upwards.</summary>
    /// <returns>The folder, or null.</returns>
    public static string? FindSubset()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, SubsetRelativePath);
                if (HasFiles(candidate))
                {
                    return candidate;
                }
            }
        }

        return null;
    }

    /// <summary>The first <paramref name="train"/> training and <paramref name="test"/> test items (for quick runs).</summary>
    /// <param name="train">At most this many training items.</param>
    /// <param name="test">At most this many test items.</param>
    /// <returns>The smaller data set.</returns>
    public FashionMnist Take(int train, int test) => this with { Train = Train.Take(train), Test = Test.Take(test) };

    private static bool HasFiles(string directory)
        => Directory.Exists(directory) && Find(directory, "train-images-idx3-ubyte") is not null && Find(directory, "t10k-labels-idx1-ubyte") is not null;

    private static string? Find(string directory, string stem)
    {
        foreach (var name in new[] { stem + ".gz", stem, stem.Replace("-idx", ".idx", StringComparison.Ordinal) + ".gz", stem.Replace("-idx", ".idx", StringComparison.Ordinal) })
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static DataSplit LoadSplit(string directory, string split)
    {
        var imagesPath = Find(directory, $"{split}-images-idx3-ubyte")
            ?? throw new IdxFormatException($"{Path.Combine(directory, split + "-images-idx3-ubyte.gz")}: not found (nor without .gz)");
        var labelsPath = Find(directory, $"{split}-labels-idx1-ubyte")
            ?? throw new IdxFormatException($"{Path.Combine(directory, split + "-labels-idx1-ubyte.gz")}: not found (nor without .gz)");
        var images = Idx.Read(imagesPath);
        var labels = Idx.Read(labelsPath);
        var imagesName = Path.GetFileName(imagesPath);
        var labelsName = Path.GetFileName(labelsPath);
        if (images.Dimensions.Count != 3 || images.Dimensions[1] != Side || images.Dimensions[2] != Side)
        {
            throw new IdxFormatException($"{imagesName}: images must be N×{Side}×{Side}; the file holds {string.Join('×', images.Dimensions)}");
        }

        if (labels.Dimensions.Count != 1)
        {
            throw new IdxFormatException($"{labelsName}: labels must have one dimension; the file holds {string.Join('×', labels.Dimensions)}");
        }

        if (labels.Count != images.Count)
        {
            throw new IdxFormatException(string.Create(
                CultureInfo.InvariantCulture,
                $"{labelsName} holds {labels.Count:N0} labels but {imagesName} holds {images.Count:N0} images"));
        }

        var bad = Array.FindIndex(labels.Data, l => l >= Classes);
        if (bad >= 0)
        {
            throw new IdxFormatException($"{labelsName}: label {labels.Data[bad]} at index {bad}; labels must be 0 to {Classes - 1}");
        }

        return new DataSplit(images.Data, labels.Data, images.Count);
    }
}

/// <summary>One split of the data: <see cref="Count"/> images of 28×28 bytes and their labels.</summary>
/// <param name="Pixels">The images, row-major, 784 bytes each.</param>
/// <param name="Labels">The labels, 0–9.</param>
/// <param name="Count">The number of images.</param>
public sealed record DataSplit(byte[] Pixels, byte[] Labels, int Count)
{
    /// <summary>The first <paramref name="count"/> items (all when there are fewer).</summary>
    /// <param name="count">How many to keep.</param>
    /// <returns>The smaller split.</returns>
    public DataSplit Take(int count)
    {
        var n = Math.Min(count, Count);
        return n == Count ? this : new DataSplit(Pixels[..(n * FashionMnist.Side * FashionMnist.Side)], Labels[..n], n);
    }
}
