using Anneal.Cli.Gallery;
using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

public sealed class GalleryCommandTests : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Examples_CoverEveryRegisteredScheduleOnce()
    {
        // When
        var names = GalleryExamples.All.Select(e => e.Name).ToArray();

        // Then
        names.ShouldBeUnique();
        names.Order(StringComparer.Ordinal).ShouldBe(ScheduleSpec.Names.Order(StringComparer.Ordinal), "add a gallery example for every new schedule");
    }

    [Fact]
    public void Examples_AreSpecsOfTheScheduleTheyDocument()
    {
        foreach (var example in GalleryExamples.All)
        {
            // When
            var definition = ScheduleSpec.Parse(example.Spec);

            // Then
            definition.Name.ShouldBe(example.Name);
            foreach (var variant in example.Specs)
            {
                Should.NotThrow(() => ScheduleSpec.Parse(variant.Spec), variant.Spec);
            }
        }
    }

    [Fact]
    public void DocumentedDefaults_AreTheDefaultsOfTheSpecMachinery()
    {
        // Given: each page's parameter table comes from the "Spec: Name(...)" signature of the XML docs
        var docs = XmlDocs.Load(XmlDocs.DefaultPath, _ => null);
        var checkedDefaults = 0;
        foreach (var example in GalleryExamples.All)
        {
            var definition = ScheduleSpec.Parse(example.Spec);
            var doc = docs.For(definition.GetType());
            doc.ShouldNotBeNull(example.Name);
            var parameters = XmlDocs.Signature(doc, example.Name);
            parameters.ShouldNotBeEmpty($"{example.Name}: the XML remarks need a 'Spec: {example.Name}(...)' signature");
            var given = XmlDocs.SplitTopLevel(example.Spec[(example.Spec.IndexOf('(', StringComparison.Ordinal) + 1)..^1]).Select(a => a.Split('=')[0].Trim()).ToHashSet();
            foreach (var (name, value) in parameters.Where(p => p.Default is not null && !given.Contains(p.Name) && !p.Default.Contains('<', StringComparison.Ordinal)))
            {
                // When: the example with the documented default written out
                var explicitSpec = example.Spec[..^1] + $", {name}={value})";

                // Then: it is the same schedule
                ScheduleSpec.Parse(explicitSpec).ToString().ShouldBe(definition.ToString(), $"{example.Name}: documented default {name}={value}");
                checkedDefaults++;
            }
        }

        checkedDefaults.ShouldBeGreaterThan(50);
    }

    [Fact]
    public void Gallery_WritesAPageAndAPicturePerScheduleAndAnIndex()
    {
        // Given
        var folder = _temp.File("schedules");

        // When
        var result = AnnealCli.Run("gallery", "--out", folder);

        // Then
        result.ExitCode.ShouldBe(0, result.Stderr);
        result.Lines[^1].ShouldBe($"wrote {GalleryExamples.All.Count} pages with their pictures, and the index README.md, to {folder}");
        var index = File.ReadAllText(Path.Combine(folder, "README.md"));
        foreach (var example in GalleryExamples.All)
        {
            var page = File.ReadAllText(Path.Combine(folder, example.Name + ".md"));
            page.ShouldStartWith($"# {example.Name}\n");
            page.ShouldContain($"]({example.Name}.svg)");
            page.ShouldContain("## Formula");
            page.ShouldContain("## Parameters");
            page.ShouldContain("## Equivalents");
            page.ShouldContain($"```text\n{example.Spec}\n```");
            page.ShouldContain("anneal plot \"" + example.Spec + "\"");
            index.ShouldContain($"[{example.Name}]({example.Name}.md)");

            var svg = Pictures.ShouldBeSvg(Path.Combine(folder, example.Name + ".svg"));
            var momentum = example.Name is "torch.OneCycleLR" or "torch.CyclicLR" ? 1 : 0;
            Pictures.SeriesCount(svg).ShouldBe(example.Specs.Count + momentum, example.Name);
            Pictures.Texts(svg).ShouldContain(example.Name);
        }
    }

    [Fact]
    public void Page_TakesFormulaAndDefaultsFromTheXmlDocs()
    {
        // Given
        var folder = _temp.File("schedules");

        // When
        AnnealCli.Run("gallery", "--out", folder).ExitCode.ShouldBe(0);

        // Then
        var page = File.ReadAllText(Path.Combine(folder, "StepDecay.md"));
        page.ShouldContain("`lr(e) = learning_rate * gamma ** (e // step_size)`");
        page.ShouldContain("| `gamma` | `0.1` |");
        page.ShouldContain("| `step_size` | required |");
        page.ShouldContain("`torch.optim.lr_scheduler.StepLR`");
        page.ShouldContain("| 30 | 0.01 | step_size: ×0.1 |");
    }

    [Fact]
    public void CommittedGallery_IsWhatTheCommandWrites()
    {
        // Given: the repository's docs/schedules, found above the test's output folder
        var committed = Path.Combine(RepositoryRoot(), "docs", "schedules");
        var folder = _temp.File("schedules");

        // When
        AnnealCli.Run("gallery", "--out", folder).ExitCode.ShouldBe(0);

        // Then: the pages are up to date (the pictures are compared by name: their bytes follow the fonts installed)
        foreach (var file in Directory.GetFiles(folder))
        {
            var name = Path.GetFileName(file);
            var mine = Path.Combine(committed, name);
            File.Exists(mine).ShouldBeTrue($"docs/schedules/{name} is missing: run `{GalleryPages.Regenerate}`");
            if (name.EndsWith(".md", StringComparison.Ordinal))
            {
                File.ReadAllText(mine).ShouldBe(File.ReadAllText(file), $"docs/schedules/{name} is out of date: run `{GalleryPages.Regenerate}`");
            }
        }
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Anneal.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("the tests run outside the repository");
    }
}
