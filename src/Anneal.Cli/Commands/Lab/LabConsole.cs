using System.Globalization;
using Anneal.Lab;
using Spectre.Console;

namespace Anneal.Cli.Commands.Lab;

/// <summary>
/// How the lab verbs talk to the user: a live Spectre progress display on a terminal, one plain line per stage and per
/// tenth of a stage otherwise (CI logs, pipes), and Spectre tables for the results.
/// </summary>
internal sealed class LabConsole
{
    private readonly TextWriter _out;
    private readonly bool _interactive;

    /// <summary>Creates the console over the command's output.</summary>
    /// <param name="output">Where results go.</param>
    public LabConsole(CliOutput output)
    {
        _out = output.Out;
        _interactive = ReferenceEquals(_out, System.Console.Out) && !System.Console.IsOutputRedirected;
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = _interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = _interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = _interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(_out),
        });
        if (!_interactive)
        {
            Console.Profile.Width = 120;
        }
    }

    /// <summary>The Spectre console for tables and lines.</summary>
    public IAnsiConsole Console { get; }

    /// <summary>Runs <paramref name="work"/> while showing its progress, one bar per stage.</summary>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="stages">The stages, in order, with their labels.</param>
    /// <param name="work">The work; it reports through the callback it is given.</param>
    /// <returns>What the work returned.</returns>
    public T Run<T>(IReadOnlyList<(LabStage Stage, string Label)> stages, Func<Action<LabProgress>, T> work)
    {
        if (!_interactive)
        {
            var lastStage = (LabStage)(-1);
            var lastTenth = -1;
            return work(p =>
            {
                var tenth = (int)Math.Floor(p.Fraction * 10);
                if (p.Stage != lastStage || tenth > lastTenth)
                {
                    var label = stages.FirstOrDefault(s => s.Stage == p.Stage).Label ?? p.Stage.ToString();
                    _out.Write(string.Create(CultureInfo.InvariantCulture, $"[{label}] {p.Fraction * 100,3:0}% {p.Detail}\n"));
                    _out.Flush();
                    lastStage = p.Stage;
                    lastTenth = tenth;
                }
            });
        }

        T result = default!;
        Console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var tasks = stages.ToDictionary(s => s.Stage, s => context.AddTask(Markup.Escape(s.Label), autoStart: false, maxValue: 1));
                result = work(p =>
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        return;
                    }

                    foreach (var (stage, earlier) in tasks)
                    {
                        if (stage < p.Stage && !earlier.IsFinished)
                        {
                            earlier.Value = 1;
                            earlier.StopTask();
                        }
                    }

                    if (!task.IsStarted)
                    {
                        task.StartTask();
                    }

                    task.Value = Math.Clamp(p.Fraction, 0, 1);
                    task.Description = Markup.Escape(stages.First(s => s.Stage == p.Stage).Label + (p.Fraction < 1 && p.Detail.Length > 0 ? ": " + Truncate(p.Detail, 48) : string.Empty));
                    if (p.Fraction >= 1)
                    {
                        task.StopTask();
                    }
                });
                foreach (var task in tasks.Values.Where(t => !t.IsFinished))
                {
                    task.Value = 1;
                    task.StopTask();
                }
            });
        return result;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}
