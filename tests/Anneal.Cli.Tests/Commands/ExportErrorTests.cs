using Anneal.Cli.Tests.TestSupport;

namespace Anneal.Cli.Tests.Commands;

/// <summary>
/// The error contract (DESIGN.md): bad input exits with 2, prints nothing on stdout and exactly one line on stderr,
/// <c>error: ...</c>, that names the parameter, the value given and what is allowed. Never a stack trace.
/// </summary>
public class ExportErrorTests
{
    private const string StepDecay = "StepDecay(learning_rate=0.5, step_size=2, gamma=0.8)";
    private const string Plateau = "ReduceOnPlateau(learning_rate=1.0, factor=0.5, patience=1)";

    public static TheoryData<string[], string[]> Cases => new()
    {
        // The command line
        { [], ["no command", "export"] },
        { ["exprt", StepDecay], ["unknown command 'exprt'", "did you mean 'export'", "expected one of: export"] },
        { ["frobnicate"], ["unknown command 'frobnicate'", "export"] },
        { ["export"], ["missing required argument 'SPEC'", "anneal export --help"] },
        { ["export", StepDecay, "--bogus"], ["unknown option 'bogus'", "--steps", "--metrics", "--last-epoch", "--format"] },
        { ["export", StepDecay, "-s", "3"], ["unknown option 's'", "--steps"] },
        { ["export", StepDecay, "extra"], ["'extra'"] },
        { ["--bogus"], ["'bogus'", "anneal --help"] },

        // The spec
        { ["export", "StepDecay(learning_rate=0.5, step_sise=2)"], ["'step_sise'", "did you mean 'step_size'"] },
        { ["export", "StepDecy(learning_rate=0.5, step_size=2)"], ["unknown schedule 'StepDecy'", "StepDecay"] },
        { ["export", "StepDecay(learning_rate=0.5, step_size=0)"], ["step_size = 0", "> 0"] },
        { ["export", "StepDecay(learning_rate=0.5)"], ["missing required parameter 'step_size'"] },
        { ["export", "StepDecay(learning_rate=0.5, step_size=2, gamma=[0.1])"], ["gamma = [0.1]", "expected a number"] },
        { ["export", "StepDecay(\nlearning_rate=0.5,\n step_sise=2)"], ["'step_sise'", "step_size"] },
        { ["export", "StepDecay(learning_rate=0.5, step_size=2, last_epoch=3)"], ["'last_epoch'", "--last-epoch"] },
        { ["export", """{"type": "StepDecay", "learning_rate": 0.5"""], ["JSON"] },
        { ["export", ""], ["empty spec"] },

        // --steps
        { ["export", StepDecay, "--steps", "-3"], ["--steps = '-3'", "integer >= 0"] },
        { ["export", StepDecay, "--steps=-3"], ["--steps = '-3'", "integer >= 0"] },
        { ["export", StepDecay, "--steps", "abc"], ["--steps = 'abc'", "integer >= 0"] },
        { ["export", StepDecay, "--steps", "2.5"], ["--steps = '2.5'", "integer >= 0"] },
        { ["export", StepDecay, "--steps"], ["--steps needs a value", "--steps 10"] },
        { ["export", StepDecay, "--steps", "--format", "json"], ["--steps needs a value"] },
        { ["export", StepDecay, "--steps="], ["--steps needs a value"] },
        { ["export", "OneCycleLR(max_learning_rate=0.1, total_steps=5)", "--steps", "7"], ["--steps = 7", "OneCycleLR", "total_steps = 5", "at most 5 steps"] },
        { ["export", "OneCycleLR(max_learning_rate=0.1, total_steps=5)", "--last-epoch", "2", "--steps", "4"], ["--steps = 4", "from step 3 at most 2 steps"] },
        { ["export", "LambdaDecay(learning_rate=0.5, lr_lambda='10 ** epoch')", "--steps", "400"], ["--steps = 400", "LambdaDecay", "at most 308 steps"] },

        // --last-epoch
        { ["export", StepDecay, "--last-epoch", "-2"], ["--last-epoch = '-2'", "integer >= -1"] },
        { ["export", StepDecay, "--last-epoch", "x"], ["--last-epoch = 'x'", "integer >= -1"] },
        { ["export", StepDecay, "--last-epoch", "9223372036854775807"], ["--last-epoch = '9223372036854775807'", "<= 9223372036854775806"] },
        { ["export", StepDecay, "--last-epoch", "9223372036854775806"], ["--steps = 20", "--last-epoch = 9223372036854775806"] },
        { ["export", "OneCycleLR(max_learning_rate=0.1, total_steps=5)", "--last-epoch", "5"], ["--last-epoch = 5", "step 6", "total_steps = 5"] },

        // --format
        { ["export", StepDecay, "--format", "xml"], ["--format = 'xml'", "csv", "json"] },
        { ["export", StepDecay, "--format"], ["--format needs a value"] },

        // --metrics
        { ["export", Plateau, "--metrics=1,x,2"], ["--metrics = '1,x,2'", "item 2 'x'", "numbers separated by commas"] },
        { ["export", Plateau, "--metrics=1,,2"], ["item 2 ''"] },
        { ["export", Plateau, "--metrics=1;2"], ["'1;2'"] },
        { ["export", Plateau, "--metrics="], ["--metrics needs a value"] },
        { ["export", Plateau, "--metrics"], ["--metrics needs a value"] },
        { ["export", Plateau], ["ReduceOnPlateau needs --metrics=V1,V2,... (one metric per step)"] },
        { ["export", Plateau, "--steps", "3"], ["ReduceOnPlateau needs --metrics"] },
        { ["export", Plateau, "--metrics=1,2", "--steps", "3"], ["--steps = 3", "--metrics = '1,2'", "cannot be combined"] },
        { ["export", StepDecay, "--metrics=1,2"], ["--metrics = '1,2'", "only for ReduceOnPlateau", "StepDecay", "--steps"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void BadInput_ExitsWithTwoAndOneErrorLine(string[] args, string[] mentions)
    {
        // When
        var result = AnnealCli.Run(args);

        // Then
        var line = result.ShouldBeOneLineError();
        foreach (var mention in mentions)
        {
            line.ShouldContain(mention, Case.Sensitive);
        }
    }

    [Fact]
    public void SpecError_IsTheSpecExceptionMessage()
    {
        // Given
        const string spec = "StepDecay(learning_rate=0.5, step_sise=2)";
        var expected = Should.Throw<SpecException>(() => ScheduleSpec.Parse(spec)).Message;

        // When
        var result = AnnealCli.Run("export", spec);

        // Then
        result.ShouldBeOneLineError().ShouldBe("error: " + expected);
    }

    [Fact]
    public void PlateauWithoutMetrics_SaysExactlyWhatToAdd()
    {
        // When
        var result = AnnealCli.Run("export", "ReduceOnPlateau(learning_rate=1.0)");

        // Then
        result.ShouldBeOneLineError().ShouldBe("error: ReduceOnPlateau needs --metrics=V1,V2,... (one metric per step)");
    }

    [Fact]
    public void StepThatFails_LeavesStdoutEmpty()
    {
        // Given: OneCycleLR refuses steps past total_steps, after several rows would have been written
        string[] args = ["export", "OneCycleLR(max_learning_rate=0.1, total_steps=100000)", "--steps", "100001"];

        // When
        var result = AnnealCli.Run(args);

        // Then
        result.ShouldBeOneLineError().ShouldContain("at most 100000 steps");
    }

    [Fact]
    public void SpecWithSquareBrackets_IsNotTakenForMarkup()
    {
        // When
        var result = AnnealCli.Run("export", "StepDecay(learning_rate=0.5, step_size=2, gamma=['red', 2])");

        // Then
        var line = result.ShouldBeOneLineError();
        line.ShouldContain("gamma = ['red', 2]", Case.Sensitive);
    }
}
