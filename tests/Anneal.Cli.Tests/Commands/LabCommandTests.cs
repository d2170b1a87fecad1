using Anneal.Cli.Tests.TestSupport;
using Anneal.Lab.Data;

namespace Anneal.Cli.Tests.Commands;

public sealed class LabCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "anneal-cli-lab-" + Guid.NewGuid().ToString("N"));

    public LabCommandTests()
    {
        // 200 training and 100 test images: class c is a bright band at rows 2c+2..2c+5
        Directory.CreateDirectory(Data);
        var random = new Random(5);
        foreach (var (split, count) in new[] { ("train", 200), ("t10k", 100) })
        {
            var pixels = new byte[count * 784];
            var labels = new byte[count];
            for (var i = 0; i < count; i++)
            {
                labels[i] = (byte)(i % 10);
                for (var p = 0; p < 784; p++)
                {
                    var row = p / 28;
                    pixels[(i * 784) + p] = (byte)((row >= (2 * (i % 10)) + 2 && row < (2 * (i % 10)) + 6 ? 200 : 20) + random.Next(0, 30));
                }
            }

            Idx.Write(Path.Combine(Data, $"{split}-images-idx3-ubyte.gz"), new IdxArray([count, 28, 28], pixels));
            Idx.Write(Path.Combine(Data, $"{split}-labels-idx1-ubyte.gz"), new IdxArray([count], labels));
        }
    }

    private string Data => Path.Combine(_dir, "data");

    private string Out => Path.Combine(_dir, "out");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [Fact]
    public void Lab_TinyData_PrintsProgressAndSummary_AndWritesTheReport()
    {
        // When
        var result = AnnealCli.Run("lab", "--data", Data, "--epochs", "1", "--out", Out, "--threads", "1");

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Stderr.ShouldBeEmpty();
        result.Stdout.ShouldContain("[schedules]");
        result.Stdout.ShouldContain("OneCycleLR");
        result.Stdout.ShouldContain("LR range test: valley");
        result.Stdout.ShouldContain("report: " + Path.Combine(Out, "report.html"));
        File.Exists(Path.Combine(Out, "report.html")).ShouldBeTrue();
        File.Exists(Path.Combine(Out, "steps.csv")).ShouldBeTrue();
        result.Stdout.ShouldNotContain("\u001b[", Case.Sensitive, "no escape codes when not a terminal");
    }

    [Fact]
    public void FindLr_TinyData_PrintsEverySuggestion_AndWritesThePlot()
    {
        var result = AnnealCli.Run("find-lr", "--data", Data, "--out", Out, "--steps", "60", "--threads", "1");

        result.ExitCode.ShouldBe(0, result.Stderr);
        foreach (var rule in new[] { "valley", "slide", "minimum/10", "steep", "steepest gradient" })
        {
            result.Stdout.ShouldContain(rule);
        }

        File.ReadAllBytes(Path.Combine(Out, "lr-finder.png"))[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        File.ReadAllText(Path.Combine(Out, "lr-finder.svg")).ShouldStartWith("<svg ");
        File.ReadAllLines(Path.Combine(Out, "lr-finder.csv"))[0].ShouldBe("step,lr,loss,smoothed_loss");
    }

    [Theory]
    [InlineData(new[] { "lab", "--model", "resnet" }, "error: --model = 'resnet' is not allowed; expected one of: mlp, cnn")]
    [InlineData(new[] { "lab", "--epochs", "0" }, "error: --epochs = '0' is not allowed; expected an integer from 1 to 1000")]
    [InlineData(new[] { "find-lr", "--steps", "1" }, "error: --steps = '1' is not allowed; expected an integer from 2 to 100000")]
    [InlineData(new[] { "lab", "--data", "/no/such/folder" }, "error: --data = '/no/such/folder' is not a folder")]
    public void BadOptions_AreOneLineErrors(string[] args, string expected)
    {
        AnnealCli.Run(args).ShouldBeOneLineError().ShouldStartWith(expected);
    }

    [Fact]
    public void Lab_FolderWithoutIdxFiles_IsAOneLineError()
    {
        var empty = Path.Combine(_dir, "empty");
        Directory.CreateDirectory(empty);
        AnnealCli.Run("lab", "--data", empty, "--out", Out).ShouldBeOneLineError().ShouldContain("train-images-idx3-ubyte.gz: not found");
    }

    [Fact]
    public void Lab_CorruptIdxFile_IsAOneLineError_NamingTheFile()
    {
        File.WriteAllBytes(Path.Combine(Data, "train-labels-idx1-ubyte.gz"), [0, 0, 8, 1, 0, 0, 0, 200, 1, 2]);
        AnnealCli.Run("lab", "--data", Data, "--out", Out).ShouldBeOneLineError()
            .ShouldBe("error: train-labels-idx1-ubyte.gz: truncated: the header's sizes 200 promise 200 bytes of data, the file has 2");
    }
}
