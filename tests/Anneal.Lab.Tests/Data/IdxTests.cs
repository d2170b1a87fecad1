using System.Buffers.Binary;
using System.IO.Compression;
using Anneal.Lab.Data;
using Anneal.Lab.Tests.TestSupport;

namespace Anneal.Lab.Tests.Data;

public class IdxTests
{
    private static byte[] Header(byte type, params uint[] sizes)
    {
        var header = new byte[4 + (4 * sizes.Length)];
        header[2] = type;
        header[3] = (byte)sizes.Length;
        for (var i = 0; i < sizes.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4 + (4 * i)), sizes[i]);
        }

        return header;
    }

    [Theory]
    [InlineData("images-idx3-ubyte")]
    [InlineData("images-idx3-ubyte.gz")]
    public void WriteThenRead_RoundTrips_RawAndGzipped(string name)
    {
        // Given
        using var dir = new TempDir();
        var data = Enumerable.Range(0, 3 * 4 * 5).Select(i => (byte)(i * 7)).ToArray();

        // When
        Idx.Write(dir.File(name), new IdxArray([3, 4, 5], data));
        var read = Idx.Read(dir.File(name));

        // Then
        read.Dimensions.ShouldBe([3, 4, 5]);
        read.Count.ShouldBe(3);
        read.ItemSize.ShouldBe(20);
        read.Data.ShouldBe(data);
    }

    [Fact]
    public void Write_Gz_WritesGzip_AndRead_DetectsGzipByContentNotName()
    {
        using var dir = new TempDir();
        Idx.Write(dir.File("labels.gz"), new IdxArray([4], [1, 2, 3, 4]));
        var bytes = File.ReadAllBytes(dir.File("labels.gz"));
        bytes[..2].ShouldBe(new byte[] { 0x1F, 0x8B });
        File.Move(dir.File("labels.gz"), dir.File("labels-no-extension"));
        Idx.Read(dir.File("labels-no-extension")).Data.ShouldBe(new byte[] { 1, 2, 3, 4 });
    }

    [Fact]
    public void Parse_Header_Layout_IsBigEndian()
    {
        var bytes = Header(0x08, 2, 3).Concat(new byte[6]).ToArray();
        bytes[..4].ShouldBe(new byte[] { 0, 0, 8, 2 });
        Idx.Parse(bytes, "x").Dimensions.ShouldBe([2, 3]);
    }

    [Theory]
    [InlineData(new byte[] { 1, 0, 8, 1, 0, 0, 0, 1, 5 }, "magic number 01 00 08 01 should start with 00 00")]
    [InlineData(new byte[] { 0, 0, 0x0D, 1, 0, 0, 0, 1, 5, 5, 5, 5 }, "type code 0x0D is not supported")]
    [InlineData(new byte[] { 0, 0, 8, 0 }, "0 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 9, 0, 0, 0, 1 }, "9 dimensions")]
    [InlineData(new byte[] { 0, 0, 8, 3, 0, 0, 0, 1 }, "truncated header")]
    [InlineData(new byte[] { 0, 0, 8, 1, 0, 0, 0, 0 }, "dimension 0 has size 0")]
    [InlineData(new byte[] { 0, 0 }, "too short")]
    public void Parse_CorruptHeader_IsRefused_WithAClearMessage(byte[] bytes, string expected)
    {
        var ex = Should.Throw<IdxFormatException>(() => Idx.Parse(bytes, "bad.idx"));
        ex.Message.ShouldStartWith("bad.idx: ");
        ex.Message.ShouldContain(expected);
    }

    [Fact]
    public void Read_TruncatedData_IsRefused_NamingBothSizes()
    {
        using var dir = new TempDir();
        var bytes = Header(0x08, 10, 28, 28).Concat(new byte[1000]).ToArray();
        File.WriteAllBytes(dir.File("train-images-idx3-ubyte"), bytes);
        var ex = Should.Throw<IdxFormatException>(() => Idx.Read(dir.File("train-images-idx3-ubyte")));
        ex.Message.ShouldBe("train-images-idx3-ubyte: truncated: the header's sizes 10×28×28 promise 7,840 bytes of data, the file has 1,000");
    }

    [Fact]
    public void Read_TrailingBytes_AreRefused()
    {
        var bytes = Header(0x08, 3).Concat(new byte[4]).ToArray();
        Should.Throw<IdxFormatException>(() => Idx.Parse(bytes, "l")).Message.ShouldContain("trailing bytes");
    }

    [Fact]
    public void Read_CorruptGzip_IsRefused()
    {
        // Given: a valid gzip file cut in half
        using var dir = new TempDir();
        Idx.Write(dir.File("a.gz"), new IdxArray([1000], Enumerable.Range(0, 1000).Select(i => (byte)(i * 31 % 251)).ToArray()));
        var bytes = File.ReadAllBytes(dir.File("a.gz"));
        File.WriteAllBytes(dir.File("cut.gz"), bytes[..(bytes.Length / 2)]);

        // When / Then: either gzip or the size check catches it, with the file's name
        var ex = Should.Throw<IdxFormatException>(() => Idx.Read(dir.File("cut.gz")));
        ex.Message.ShouldStartWith("cut.gz: ");
    }

    [Fact]
    public void Read_GzipOfGarbage_IsRefused_AsNotIdx()
    {
        using var dir = new TempDir();
        using (var gz = new GZipStream(File.Create(dir.File("junk.gz")), CompressionLevel.Fastest))
        {
            gz.Write("hello, world"u8);
        }

        Should.Throw<IdxFormatException>(() => Idx.Read(dir.File("junk.gz"))).Message.ShouldContain("not an IDX file");
    }

    [Fact]
    public void Write_MismatchedData_IsRefused()
    {
        using var dir = new TempDir();
        Should.Throw<ArgumentException>(() => Idx.Write(dir.File("x"), new IdxArray([2, 2], [1, 2, 3])));
    }
}
