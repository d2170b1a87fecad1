using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

/// <summary>
/// The error contract (DESIGN.md) for <c>plot</c>, <c>show</c>, <c>compare</c> and <c>gallery</c>: bad input exits with
/// 2, prints nothing on stdout and one line <c>error: ...</c> on stderr, and writes no file.
/// </summary>
public sealed class PlottingErrorTests : IDisposable
{
    private const string Step = "StepDecay(learning_rate=0.1, step_size=30)";
    private const string Plateau = "ReduceOnPlateau(learning_rate=0.1, patience=1)";
    private const string OneCycle = "OneCycleLR(max_learning_rate=0.1, total_steps=100)";

    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>Each case: the arguments (<c>{tmp}</c> is a fresh temp folder) and what the error line must mention.</summary>
    public static TheoryData<string[], string[]> Cases => new()
    {
        // plot: the specs
        { ["plot"], ["missing required argument 'SPEC'", "anneal plot --help"] },
        { ["plot", "StepDecay(learning_rate=0.1, step_sise=30)", "--out", "{tmp}/x.png"], ["SPEC: ", "unknown parameter 'step_sise'", "did you mean 'step_size'"] },
        { ["plot", Step, "StepDecy(learning_rate=0.1)", "--out", "{tmp}/x.png"], ["SPEC 2: ", "unknown schedule 'StepDecy'"] },
        { ["plot", "mine=StepDecay(learning_rate=0.1)", "--out", "{tmp}/x.png"], ["SPEC ('mine'): ", "missing required parameter 'step_size'"] },
        { ["plot", "", "--out", "{tmp}/x.png"], ["SPEC: ", "empty spec"] },

        // plot: --out
        { ["plot", Step, "--out", "{tmp}/x.jpg"], ["--out = '{tmp}/x.jpg'", "extension '.jpg'", ".png, .svg"] },
        { ["plot", Step, "--out", "{tmp}/x"], ["--out = '{tmp}/x'", "has no extension", ".png, .svg"] },
        { ["plot", Step, "--out", "{tmp}/missing/x.png"], ["--out = '{tmp}/missing/x.png'", "cannot be written", "does not exist"] },
        { ["plot", Step, "--out", "{tmp}/folder.png"], ["--out = '{tmp}/folder.png' is a folder"] },
        { ["plot", Step, "--out", "/proc/anneal-test.png"], ["--out = '/proc/anneal-test.png' cannot be written"] },
        { ["plot", Step, "--out"], ["--out needs a value"] },

        // plot: numbers
        { ["plot", Step, "--steps", "0", "--out", "{tmp}/x.png"], ["--steps = '0'", "integer >= 1"] },
        { ["plot", Step, "--steps", "abc", "--out", "{tmp}/x.png"], ["--steps = 'abc'"] },
        { ["plot", Step, "--steps", "2000000", "--out", "{tmp}/x.png"], ["--steps = '2000000'", "from 1 to 1000000", "anneal export"] },
        { ["plot", Step, "--width", "50", "--out", "{tmp}/x.png"], ["--width = '50'", "200 to 8000"] },
        { ["plot", Step, "--height", "tall", "--out", "{tmp}/x.png"], ["--height = 'tall'", "200 to 8000"] },
        { ["plot", OneCycle, "--steps", "120", "--out", "{tmp}/x.png"], ["--steps = 120 is not allowed for OneCycleLR", "at most 100 steps"] },
        { ["plot", "LambdaDecay(learning_rate=0.5, lr_lambda='10 ** epoch')", "--steps", "400", "--out", "{tmp}/x.png"], ["--steps = 400", "LambdaDecay", "at most 308 steps"] },

        // plot: metrics
        { ["plot", Plateau, "--out", "{tmp}/x.png"], ["ReduceOnPlateau needs --metrics=V1,V2,..."] },
        { ["plot", "torch.ReduceLROnPlateau(lr=0.1)", "--out", "{tmp}/x.png"], ["torch.ReduceLROnPlateau needs --metrics"] },
        { ["plot", Step, "--metrics=1,2", "--out", "{tmp}/x.png"], ["--metrics = '1,2' is only for ReduceOnPlateau", "StepDecay"] },
        { ["plot", Plateau, "--metrics=1,x", "--out", "{tmp}/x.png"], ["item 2 'x'"] },
        { ["plot", Plateau, "--metrics=1,2", "--steps", "3", "--out", "{tmp}/x.png"], ["--steps = 3 cannot be combined with --metrics"] },

        // show
        { ["show"], ["missing required argument 'SPEC'", "anneal show --help"] },
        { ["show", "StepDecay(learning_rate=0.1, step_sise=30)"], ["SPEC: ", "'step_sise'"] },
        { ["show", Step, "--steps", "-5"], ["--steps = '-5'"] },
        { ["show", Step, "extra"], ["'extra'"] },
        { ["show", Plateau], ["ReduceOnPlateau needs --metrics"] },
        { ["show", Step, "--out", "{tmp}/x.png"], ["unknown option 'out'", "--steps", "--metrics"] },

        // compare
        { ["compare", Step], ["missing required argument 'SPEC_B'"] },
        { ["compare", Step, "torch.StepLR(lr=0.1, step_sise=30)", "--out", "{tmp}/x.png"], ["SPEC_B: ", "'step_sise'"] },
        { ["compare", "StepDecay(learning_rate=-1, step_size=30)", Step, "--out", "{tmp}/x.png"], ["SPEC_A: ", "learning_rate"] },
        { ["compare", Step, Step, "--out", "{tmp}/x.gif"], ["--out = '{tmp}/x.gif'", ".png, .svg"] },
        { ["compare", Step, Step, "--out", "{tmp}/missing/x.svg"], ["does not exist"] },
        { ["compare", Step, Step, "--out", "/proc/anneal-test.svg"], ["cannot be written"] },
        { ["compare", Step, OneCycle, "--steps", "101", "--out", "{tmp}/x.png"], ["--steps = 101 is not allowed for OneCycleLR"] },

        // gallery
        { ["gallery", "--out", "{tmp}/file.txt"], ["--out = '{tmp}/file.txt' is a file"] },
        { ["gallery", "--out", "/proc/anneal-gallery"], ["--out", "cannot write", "/proc/anneal-gallery"] },
        { ["gallery", "extra"], ["'extra'"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_ExitsWithTwoOneErrorLineAndNoFile(string[] args, string[] mentions)
    {
        // Given
        Directory.CreateDirectory(_temp.File("folder.png"));
        File.WriteAllText(_temp.File("file.txt"), "not a folder");
        var before = Directory.GetFileSystemEntries(_temp.Path).Length;
        var expanded = args.Select(a => a.Replace("{tmp}", _temp.Path, StringComparison.Ordinal)).ToArray();

        // When
        var result = AnnealCli.Run(expanded);

        // Then
        var line = result.ShouldBeOneLineError();
        foreach (var mention in mentions)
        {
            line.ShouldContain(mention.Replace("{tmp}", _temp.Path, StringComparison.Ordinal), Case.Sensitive);
        }

        Directory.GetFileSystemEntries(_temp.Path).Length.ShouldBe(before, "no file is written on bad input");
    }
}
