using Anneal.Lab.Report;
using Anneal.Lab.Tests.TestSupport;

namespace Anneal.Lab.Tests;

public class LabRunnerTests
{
    [Fact]
    public void Run_TinyData_WritesTheFullReport()
    {
        // Given: 200 generated training images, 100 test images, one epoch
        using var dir = new TempDir();
        var data = Path.Combine(dir.Path, "data");
        var output = Path.Combine(dir.Path, "out");
        Directory.CreateDirectory(data);
        TinyData.Write(data, 200, 100);
        var stages = new HashSet<LabStage>();

        // When
        var result = LabRunner.Run(
            new LabOptions { DataDirectory = data, OutputDirectory = output, Epochs = 1, RangeTestSteps = 30, Threads = 1 },
            p => stages.Add(p.Stage));

        // Then: every chart inline, as SVG, and as a PNG
        stages.ShouldBe(Enum.GetValues<LabStage>(), ignoreOrder: true);
        result.ReportPath.ShouldBe(Path.Combine(output, "report.html"));
        var html = File.ReadAllText(result.ReportPath);
        html.ShouldStartWith("<!DOCTYPE html>");
        CountOf(html, "<svg ").ShouldBe(ReportWriter.ChartNames.Count);
        foreach (var chart in ReportWriter.ChartNames)
        {
            html.ShouldContain($"<code>{chart}.png</code>");
            var png = File.ReadAllBytes(Path.Combine(output, chart + ".png"));
            png[..4].ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        }

        // self-contained: nothing fetched from the network, ids unique across the inline SVGs
        html.ShouldNotContain("<script src");
        html.ShouldNotContain("<link ");
        html.ShouldNotContain("http://www.w3.org/1999/xhtml\" src");
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToArray();
        ids.Distinct().Count().ShouldBe(ids.Length);

        // the experiments and the summary
        result.Eta.Runs.Count.ShouldBe(6);
        result.Schedules.Runs.Select(r => r.Name).ShouldBe(["constant", "StepDecay", "cosine", "warmup + cosine", "OneCycleLR", "ReduceOnPlateau"]);
        result.Quadratic.Count.ShouldBe(3);
        result.RangeTest.Suggestions.ShouldNotBeEmpty();
        ReportWriter.Summary(result).Count.ShouldBe(12);
        foreach (var name in new[] { "Summary", "The classic picture", "The effect of η", "Schedules at an equal budget", "The LR range test" })
        {
            html.ShouldContain(name);
        }

        // every step in steps.csv
        var steps = File.ReadAllLines(Path.Combine(output, "steps.csv"));
        steps[0].ShouldBe("experiment,run,step,epoch,lr,loss");
        (steps.Length - 1).ShouldBe(result.Eta.Runs.Concat(result.Schedules.Runs).Sum(r => r.Steps.Count));
        File.ReadAllLines(Path.Combine(output, "epochs.csv"))[0].ShouldBe("experiment,run,epoch,train_loss,test_loss,test_accuracy,lr");
        File.ReadAllLines(Path.Combine(output, "lr-finder.csv")).Length.ShouldBe(result.RangeTest.Lrs.Count + 1);
    }

    [Fact]
    public void Run_MissingData_IsRefused_SayingWhereItLooked()
    {
        using var dir = new TempDir();
        var ex = Should.Throw<Anneal.Lab.Data.IdxFormatException>(() => LabRunner.Run(new LabOptions { DataDirectory = dir.Path, OutputDirectory = dir.File("out") }));
        ex.Message.ShouldContain("train-images-idx3-ubyte.gz: not found");
    }

    private static int CountOf(string text, string what)
    {
        var count = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
