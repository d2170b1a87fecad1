using Anneal.Lab.Data;
using Anneal.Lab.Tests.TestSupport;

namespace Anneal.Lab.Tests.Data;

public class FashionMnistTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Load_GeneratedFiles_ReadsBothSplits(bool gzip)
    {
        using var dir = new TempDir();
        TinyData.Write(dir.Path, 30, 20, gzip);

        var data = FashionMnist.Load(dir.Path);

        data.Train.Count.ShouldBe(30);
        data.Test.Count.ShouldBe(20);
        data.Train.Pixels.Length.ShouldBe(30 * 784);
        data.Train.Labels[..10].ShouldBe(Enumerable.Range(0, 10).Select(i => (byte)i).ToArray());
        data.Take(5, 3).Train.Count.ShouldBe(5);
        data.Take(5, 3).Test.Labels.Length.ShouldBe(3);
    }

    [Fact]
    public void Load_LabelCountMismatch_IsRefused()
    {
        using var dir = new TempDir();
        TinyData.Write(dir.Path, 30, 20);
        Idx.Write(Path.Combine(dir.Path, "t10k-labels-idx1-ubyte.gz"), new IdxArray([19], new byte[19]));

        var ex = Should.Throw<IdxFormatException>(() => FashionMnist.Load(dir.Path));
        ex.Message.ShouldBe("t10k-labels-idx1-ubyte.gz holds 19 labels but t10k-images-idx3-ubyte.gz holds 20 images");
    }

    [Fact]
    public void Load_LabelOutOfRange_IsRefused()
    {
        using var dir = new TempDir();
        TinyData.Write(dir.Path, 30, 20);
        var labels = new byte[30];
        labels[7] = 10;
        Idx.Write(Path.Combine(dir.Path, "train-labels-idx1-ubyte.gz"), new IdxArray([30], labels));

        Should.Throw<IdxFormatException>(() => FashionMnist.Load(dir.Path)).Message.ShouldContain("label 10 at index 7; labels must be 0 to 9");
    }

    [Fact]
    public void Load_WrongImageShape_IsRefused()
    {
        using var dir = new TempDir();
        TinyData.Write(dir.Path, 30, 20);
        Idx.Write(Path.Combine(dir.Path, "train-images-idx3-ubyte.gz"), new IdxArray([30, 32, 32], new byte[30 * 32 * 32]));

        Should.Throw<IdxFormatException>(() => FashionMnist.Load(dir.Path)).Message.ShouldContain("images must be N×28×28; the file holds 30×32×32");
    }

    [Fact]
    public void Load_MissingFile_IsRefused_NamingIt()
    {
        using var dir = new TempDir();
        TinyData.Write(dir.Path, 30, 20);
        File.Delete(Path.Combine(dir.Path, "t10k-images-idx3-ubyte.gz"));

        Should.Throw<IdxFormatException>(() => FashionMnist.Load(dir.Path)).Message.ShouldContain("t10k-images-idx3-ubyte.gz: not found");
    }

    [Fact]
    public void Locate_ExplicitFolder_Wins() => FashionMnist.Locate("/some/where").ShouldBe("/some/where");

    [Fact]
    public void ShippedSubset_IsFound_AndHasTheDocumentedSizes()
    {
        var subset = FashionMnist.FindSubset();
        subset.ShouldNotBeNull("data/fashion-mnist-subset should be found from the test's folder upwards");
        var data = FashionMnist.Load(subset);
        data.Train.Count.ShouldBe(10_000);
        data.Test.Count.ShouldBe(2_000);
        File.Exists(Path.Combine(subset, "LICENSE")).ShouldBeTrue();
        Directory.GetFiles(subset).Sum(f => new FileInfo(f).Length).ShouldBeLessThan(10L * 1024 * 1024);
    }
}
