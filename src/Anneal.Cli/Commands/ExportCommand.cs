using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>
/// <c>anneal export</c>: prints the learning rate a scheduler reports right after construction and after each of N
/// steps (N + 1 rows) as CSV or JSON. The format is a contract (DESIGN.md, "The command line").
/// </summary>
/// <remarks>
/// The steps are taken twice: once to check that every step succeeds (OneCycleLR refuses to step past
/// <c>total_steps</c>), then again to write the rows, so a failure leaves stdout empty without holding every row
/// in memory. Schedules are pure, so both walks give the same values.
/// </remarks>
internal sealed class ExportCommand : Command<ExportSettings>, IAnnealCommand
{
    private readonly CliOutput _output;

    /// <summary>Creates the command.</summary>
    /// <param name="output">Where the rows go.</param>
    public ExportCommand(CliOutput output) => _output = output;

    /// <inheritdoc />
    public static string Name => "export";

    /// <inheritdoc />
    public static string Description => "Print a schedule's learning rate at each step, as CSV or JSON";

    /// <inheritdoc />
    public static IReadOnlyList<string[]> Examples { get; } =
    [
        ["export", "\"CosineAnnealingDecay(learning_rate=0.1, T_max=10)\"", "--steps", "10"],
        ["export", "\"StepDecay(learning_rate=0.5, step_size=2)\"", "--format", "json"],
        ["export", "\"StepDecay(learning_rate=0.5, step_size=2)\"", "--last-epoch", "4"],
        ["export", "\"ReduceOnPlateau(learning_rate=1, patience=0)\"", "--metrics=-1,-1"],
    ];

    /// <inheritdoc />
    public override ValidationResult Validate(CommandContext context, ExportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IScheduleDefinition definition;
        try
        {
            definition = ParseSpec(settings.Spec);
        }
        catch (SpecException ex)
        {
            return ValidationResult.Error(ex.Message);
        }

        if (definition is not Schedule && settings.Metrics is null)
        {
            return ValidationResult.Error($"{definition.Name} needs --metrics=V1,V2,... (one metric per step)");
        }

        if (definition is Schedule && settings.Metrics is not null)
        {
            return ValidationResult.Error(
                $"--metrics = '{settings.Metrics}' is only for ReduceOnPlateau; {definition.Name} is a schedule of the step alone: use --steps N");
        }

        return ValidationResult.Success();
    }

    /// <inheritdoc />
    public override int Execute(CommandContext context, ExportSettings settings, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var definition = ParseSpec(settings.Spec);

        // First walk: every step must succeed before anything is written.
        foreach (var _ in Rows(definition, settings))
        {
            cancellationToken.ThrowIfCancellationRequested();
        }

        var momentum = definition is Schedule { CyclesMomentum: true };
        using var writer = settings.IsJson ? (RowWriter)new JsonRowWriter(_output.Out, momentum) : new CsvRowWriter(_output.Out, momentum);
        foreach (var (step, lr, m) in Rows(definition, settings))
        {
            writer.Write(step, lr, m);
            if ((step & 0xFFFF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        }

        writer.Complete();
        return 0;
    }

    /// <summary>Reads spec text, or the JSON form when the argument starts with <c>{</c>.</summary>
    /// <param name="spec">The SPEC argument.</param>
    /// <returns>The definition.</returns>
    /// <exception cref="SpecException">The spec is not valid.</exception>
    internal static IScheduleDefinition ParseSpec(string spec)
        => spec.TrimStart().StartsWith('{') ? ScheduleSpec.FromJson(spec) : ScheduleSpec.Parse(spec);

    /// <summary>The rows: the scheduler right after construction, then after each step.</summary>
    private static IEnumerable<(long Step, double Lr, double? Momentum)> Rows(IScheduleDefinition definition, ExportSettings settings)
    {
        var scheduler = Create(definition, settings.LastEpoch);
        yield return (scheduler.LastEpoch, scheduler.LastLR, scheduler.LastMomentum);
        if (scheduler is IMetricScheduler plateau)
        {
            foreach (var metric in settings.ParsedMetrics())
            {
                plateau.Step(metric);
                yield return (scheduler.LastEpoch, scheduler.LastLR, scheduler.LastMomentum);
            }

            yield break;
        }

        var steps = settings.StepCount;
        for (var k = 0L; k < steps; k++)
        {
            Step(scheduler, k, settings);
            yield return (scheduler.LastEpoch, scheduler.LastLR, scheduler.LastMomentum);
        }
    }

    private static LRScheduler Create(IScheduleDefinition definition, long lastEpoch)
    {
        try
        {
            return definition.CreateScheduler(lastEpoch);
        }
        catch (Exception ex) when (ex is ArgumentOutOfRangeException or ArithmeticException)
        {
            var first = lastEpoch + 1;
            var why = ex is ArgumentOutOfRangeException ? $"the first row would be step {first}, which {Requirement(ex)}" : $"step {first} fails: {ex.Message}";
            throw new CliException($"--last-epoch = {lastEpoch} is not allowed for {definition.Name}: {why}", ex);
        }
    }

    private static void Step(LRScheduler scheduler, long done, ExportSettings settings)
    {
        try
        {
            scheduler.Step();
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArithmeticException)
        {
            // InvalidOperationException: the schedule ends (OneCycleLR). ArithmeticException: an expression
            // (LambdaDecay's lr_lambda) fails at this step, which Scheduler.Step does not translate.
            var why = ex is InvalidOperationException ? ex.Message : $"{scheduler.Definition.Name} fails at step {scheduler.LastEpoch + 1}: {ex.Message}";
            throw new CliException(
                $"--steps = {settings.StepCount} is not allowed for {scheduler.Definition.Name}: {why}; from step {settings.LastEpoch + 1} at most {done} steps are possible",
                ex);
        }
    }

    /// <summary>The bare requirement ("must be ...") the core keeps in <see cref="Exception.Data"/>, else the message's first line.</summary>
    private static string Requirement(Exception ex)
        => ex.Data["Anneal.Requirement"] as string ?? ex.Message.Split('\n')[0].Trim();
}
