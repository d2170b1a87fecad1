using Anneal.Lab.Data;

namespace Anneal.Lab.Tests.TestSupport;

/// A temporary folder, deleted on Dispose.
public sealed class TempDir : IDisposable
{
    public TempDir() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "anneal-lab-tests-" + Guid.NewGuid().ToString("N"));

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

/// A tiny generated Fashion-MNIST look-alike: class c is a bright horizontal band at rows 2c+2..2c+5 plus seeded noise,
/// so the lab's models learn it within an epoch.
public static class TinyData
{
    public static void Write(string directory, int train, int test, bool gzip = true, int seed = 7)
    {
        var random = new Random(seed);
        var ext = gzip ? ".gz" : string.Empty;
        foreach (var (split, count) in new[] { ("train", train), ("t10k", test) })
        {
            var (pixels, labels) = Generate(count, random);
            Idx.Write(Path.Combine(directory, $"{split}-images-idx3-ubyte{ext}"), new IdxArray([count, 28, 28], pixels));
            Idx.Write(Path.Combine(directory, $"{split}-labels-idx1-ubyte{ext}"), new IdxArray([count], labels));
        }
    }

    public static (byte[] Pixels, byte[] Labels) Generate(int count, Random random)
    {
        var pixels = new byte[count * 784];
        var labels = new byte[count];
        for (var i = 0; i < count; i++)
        {
            var c = i % 10;
            labels[i] = (byte)c;
            for (var p = 0; p < 784; p++)
            {
                var row = p / 28;
                var band = row >= (2 * c) + 2 && row < (2 * c) + 6;
                pixels[(i * 784) + p] = (byte)Math.Clamp((band ? 200 : 20) + random.Next(-20, 21), 0, 255);
            }
        }

        return (pixels, labels);
    }
}
