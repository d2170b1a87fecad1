using System.Globalization;
using System.Net;
using System.Text;
using Anneal.Lab.Experiments;
using Anneal.Lab.Models;
using Anneal.Lab.Training;
using Anneal.TorchSharp;

namespace Anneal.Lab.Report;

/// <summary>Writes the lab's output folder: report.html, one PNG per chart, and the CSV files.</summary>
public static class ReportWriter
{
    /// <summary>The names of every chart the report holds, in order.</summary>
    public static IReadOnlyList<string> ChartNames { get; } =
        ["quadratic", "quadratic-value", "eta-loss", "schedules-lr", "schedules-loss", "schedules-accuracy", "lr-finder"];

    /// <summary>Writes every file.</summary>
    /// <param name="result">What the lab ran (its <see cref="LabResult.Files"/> are ignored).</param>
    /// <param name="directory">The folder; created when missing.</param>
    /// <returns>Every file written, report.html first.</returns>
    public static IReadOnlyList<string> Write(LabResult result, string directory)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(directory);
        Directory.CreateDirectory(directory);
        var charts = new[]
        {
            Quadratic.TrajectoryChart(result.Quadratic),
            Quadratic.ValueChart(result.Quadratic),
            EtaSweep.LossChart(result.Eta),
            ScheduleComparison.LrChart(result.Schedules),
            ScheduleComparison.LossChart(result.Schedules),
            ScheduleComparison.AccuracyChart(result.Schedules),
            RangeTestExperiment.Chart(result.RangeTest),
        };
        var files = new List<string> { Path.Combine(directory, "report.html") };
        files.AddRange(charts.Select(c => c.SavePng(directory)));
        var runs = result.Eta.Runs.Select(r => ("eta", r)).Concat(result.Schedules.Runs.Select(r => ("schedules", r))).ToArray();
        files.Add(Path.Combine(directory, "steps.csv"));
        CsvFiles.WriteSteps(files[^1], runs);
        files.Add(Path.Combine(directory, "epochs.csv"));
        CsvFiles.WriteEpochs(files[^1], runs);
        files.Add(Path.Combine(directory, "lr-finder.csv"));
        CsvFiles.WriteRangeTest(files[^1], result.RangeTest);
        File.WriteAllText(files[0], Html(result, charts.ToDictionary(c => c.Name)), new UTF8Encoding(false));
        return files;
    }

    /// <summary>The summary rows: one per run of the η sweep and the schedule comparison.</summary>
    /// <param name="result">The lab's result.</param>
    /// <returns>Rows of experiment, run, outcome, final accuracy, best accuracy, epochs to target, final loss.</returns>
    public static IReadOnlyList<SummaryRow> Summary(LabResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var rows = new List<SummaryRow>();
        for (var i = 0; i < result.Eta.Runs.Count; i++)
        {
            var r = result.Eta.Runs[i];
            rows.Add(new SummaryRow("η sweep", r.Name, result.Eta.Verdict(i), r.FinalAccuracy, r.EpochsTo(result.Schedules.Target), r.FinalLoss, r.Epochs.Count));
        }

        foreach (var r in result.Schedules.Runs)
        {
            rows.Add(new SummaryRow("schedules", r.Name, Outcome(r), r.FinalAccuracy, r.EpochsTo(result.Schedules.Target), r.FinalLoss, r.Epochs.Count));
        }

        return rows;
    }

    private static string Outcome(RunResult run) => run.Outcome switch
    {
        RunOutcome.Diverged => "diverged (NaN loss)",
        RunOutcome.StuckAtChance => "stuck at chance",
        _ => "trained",
    };

    private static string Html(LabResult result, IReadOnlyDictionary<string, Chart> charts)
    {
        var o = result.Options;
        var target = Pct(result.Schedules.Target);
        var h = new StringBuilder();
        h.Append("""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>Anneal lab: the learning rate</title>
            <style>
            body { font-family: "DejaVu Sans", system-ui, sans-serif; max-width: 960px; margin: 2em auto; padding: 0 1em; color: #222; line-height: 1.5; }
            h1 { margin-bottom: 0.2em; } h2 { margin-top: 2em; border-bottom: 1px solid #ddd; padding-bottom: 0.2em; }
            .meta { color: #666; font-size: 0.9em; }
            figure { margin: 1.5em 0; } figure svg { width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: 0.9em; color: #444; margin-top: 0.3em; }
            table { border-collapse: collapse; margin: 1em 0; font-size: 0.92em; }
            th, td { border: 1px solid #ddd; padding: 0.3em 0.6em; text-align: left; } th { background: #f5f5f5; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            tr.best td { font-weight: bold; }
            code { background: #f4f4f4; padding: 0 0.2em; border-radius: 3px; font-size: 0.92em; }
            .formula { font-size: 1.1em; text-align: center; margin: 1em 0; }
            </style>
            </head>
            <body>
            <h1>The learning rate, on Fashion-MNIST</h1>

            """);
        h.Append(Invariant($"<p class=\"meta\">Anneal lab · {Esc(LabModels.Describe(o.Model))} · SGD, momentum 0.9, batch 128 · {result.TrainCount:N0} training and {result.TestCount:N0} test images of Fashion-MNIST from <code>{Esc(result.DataSource)}</code> · seed {o.Seed} · {(o.Quick ? "quick mode · " : string.Empty)}{DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC</p>\n"));
        h.Append("""
            <p>The learning rate η is the step size of gradient descent: every iteration moves the parameters by η times the
            gradient of the loss.</p>
            <p class="formula">θ ← θ − η · ∂J(θ)/∂θ</p>
            <p>A large η learns fast but, too large, it oscillates around the minimum, misses it, and the loss can blow up.
            A small η does not miss, but learns slowly and, too small, stalls. So the usual recipe is a schedule: a larger
            rate early to get close quickly, then a smaller one to settle. This report shows each of those claims on a real
            model and real data.</p>

            """);

        h.Append("<h2>Summary</h2>\n");
        SummaryTable(h, result);

        h.Append("<h2>1. The classic picture</h2>\n");
        h.Append("<p>Plain gradient descent on a two-dimensional quadratic whose valley is 25 times steeper across than along. "
            + "The steep direction caps η (descent converges only for η &lt; 2/25), the shallow one wants it large: the same tension every network has.</p>\n");
        Figure(h, charts["quadratic"]);
        Figure(h, charts["quadratic-value"]);

        h.Append("<h2>2. The effect of η</h2>\n");
        h.Append(Invariant($"<p>The same model, the same initial weights and the same mini-batches, trained for {result.Eta.Runs[0].Epochs.Count switch { 0 => o.SweepEpochs, var n => n }} epochs at a constant learning rate, one run per decade from {ChartStyle.FormatLr(result.Eta.Lrs[0])} to {ChartStyle.FormatLr(result.Eta.Lrs[^1])}.</p>\n"));
        Figure(h, charts["eta-loss"]);
        h.Append("<table><tr><th>η</th><th>what happened</th><th>final training loss</th><th>test accuracy</th></tr>\n");
        for (var i = 0; i < result.Eta.Runs.Count; i++)
        {
            var r = result.Eta.Runs[i];
            h.Append(Invariant($"<tr{(r == result.Eta.Best ? " class=\"best\"" : string.Empty)}><td>{ChartStyle.FormatLr(result.Eta.Lrs[i])}</td><td>{Esc(result.Eta.Verdict(i))}</td><td class=\"n\">{Loss(r.FinalLoss)}</td><td class=\"n\">{Pct(r.FinalAccuracy)}</td></tr>\n"));
        }

        h.Append("</table>\n<p>Divergence is not always a NaN: a run can keep a finite loss and sit at chance accuracy (10%), so the lab checks both.</p>\n");

        h.Append("<h2>3. Schedules at an equal budget</h2>\n");
        h.Append(Invariant($"<p>Six ways to spend the same {o.ScheduleEpochs} epochs ({result.Schedules.Runs[0].Steps.Count:N0} steps), all around the base rate η = {ChartStyle.FormatLr(result.Schedules.BaseLr)}; warmup + cosine and OneCycleLR peak at 3×. Same model, seed and mini-batches in every run.</p>\n"));
        Figure(h, charts["schedules-lr"]);
        Figure(h, charts["schedules-loss"]);
        Figure(h, charts["schedules-accuracy"]);
        var bestSchedule = result.Schedules.Runs.MaxBy(r => r.FinalAccuracy)!;
        h.Append(Invariant($"<table><tr><th>schedule</th><th>spec</th><th>final accuracy</th><th>best accuracy</th><th>epochs to {target}</th></tr>\n"));
        foreach (var r in result.Schedules.Runs)
        {
            h.Append(Invariant($"<tr{(r == bestSchedule ? " class=\"best\"" : string.Empty)}><td>{Esc(r.Name)}</td><td><code>{Esc(r.Spec)}</code></td><td class=\"n\">{Pct(r.FinalAccuracy)}</td><td class=\"n\">{Pct(r.BestAccuracy)}</td><td class=\"n\">{Epochs(r.EpochsTo(result.Schedules.Target))}</td></tr>\n"));
        }

        h.Append("</table>\n");
        h.Append(Invariant($"<p>Schedule parameters count optimizer steps; ReduceOnPlateau is stepped once per epoch with the test loss. Differences of a few tenths of a percent on {result.TestCount:N0} test images are within the noise of one seed.</p>\n"));

        h.Append("<h2>4. The LR range test</h2>\n");
        h.Append(Invariant($"<p>Instead of a grid search, one short run: {result.RangeTest.Lrs.Count} mini-batches with η rising exponentially from {ChartStyle.FormatLr(result.RangeTest.Lrs[0])}, stopped when the smoothed loss passes 4× its best{(result.RangeTest.StoppedEarly ? string.Empty : " (it did not, this time)")}. The model and optimizer are restored afterwards.</p>\n"));
        Figure(h, charts["lr-finder"]);
        h.Append("<table><tr><th>rule</th><th>suggested η</th><th>how it reads the curve</th></tr>\n");
        foreach (var s in result.RangeTest.Suggestions)
        {
            h.Append(Invariant($"<tr><td>{Esc(s.Rule)}</td><td class=\"n\">{ChartStyle.FormatLr(s.Lr)}</td><td>{Esc(RuleText(s.Rule))}</td></tr>\n"));
        }

        h.Append(Invariant($"</table>\n<p>For comparison, the best constant rate of the η sweep was {ChartStyle.FormatLr(result.Eta.Lrs[result.Eta.Runs.ToList().IndexOf(result.Eta.Best)])} (one value per decade), and the schedules used {ChartStyle.FormatLr(result.Schedules.BaseLr)}.</p>\n"));

        h.Append("<h2>Files</h2>\n<ul>\n");
        h.Append("<li><code>steps.csv</code>: <code>experiment,run,step,epoch,lr,loss</code>, every optimizer step of every run</li>\n");
        h.Append("<li><code>epochs.csv</code>: <code>experiment,run,epoch,train_loss,test_loss,test_accuracy,lr</code></li>\n");
        h.Append("<li><code>lr-finder.csv</code>: <code>step,lr,loss,smoothed_loss</code></li>\n");
        h.Append("<li>" + string.Join(", ", ChartNames.Select(n => $"<code>{n}.png</code>")) + ": the charts as images</li>\n</ul>\n");
        var command = "anneal lab" + (o.Quick ? " --quick" : string.Empty) + $" --model {LabModels.NameOf(o.Model)}" + (o.Epochs is { } e ? $" --epochs {e}" : string.Empty);
        h.Append($"<p class=\"meta\">Reproduce with <code>{Esc(command)}</code>. Training took {result.Elapsed.TotalSeconds:0} s.</p>\n</body>\n</html>\n");
        return h.ToString();
    }

    private static void SummaryTable(StringBuilder h, LabResult result)
    {
        var target = Pct(result.Schedules.Target);
        h.Append(Invariant($"<table><tr><th>experiment</th><th>run</th><th>outcome</th><th>final test accuracy</th><th>epochs to {target}</th></tr>\n"));
        foreach (var row in Summary(result))
        {
            h.Append(Invariant($"<tr><td>{Esc(row.Experiment)}</td><td>{Esc(row.Run)}</td><td>{Esc(row.Outcome)}</td><td class=\"n\">{Pct(row.FinalAccuracy)}</td><td class=\"n\">{Epochs(row.EpochsToTarget)}</td></tr>\n"));
        }

        var valley = result.RangeTest["valley"];
        h.Append(Invariant($"<tr><td>LR range test</td><td colspan=\"4\">{string.Join(" · ", result.RangeTest.Suggestions.Select(s => $"{s.Rule} {ChartStyle.FormatLr(s.Lr)}"))}{(valley is null ? " (too few points for fastai's rules)" : string.Empty)}</td></tr>\n</table>\n"));
    }

    private static void Figure(StringBuilder h, Chart chart)
    {
        h.Append("<figure>\n").Append(chart.ToInlineSvg()).Append('\n');
        h.Append(Invariant($"<figcaption>{Esc(chart.Caption)} (<code>{chart.Name}.png</code>)</figcaption>\n</figure>\n"));
    }

    /// <summary>One line on what each finder rule does (the full text is in <see cref="LrSuggestions"/>).</summary>
    /// <param name="rule">The rule's name, as in <see cref="LrSuggestion.Rule"/>.</param>
    /// <returns>The line, or an empty string for an unknown rule.</returns>
    public static string RuleText(string rule) => rule switch
    {
        "valley" => "fastai's default: the longest valley (decreasing run) of the smoothed loss, a point about halfway down it",
        "slide" => "fastai: slides a 15-point window left from the end until the gradient at both ends agrees within 0.005",
        "minimum/10" => "fastai / Leslie Smith: one tenth of the rate at the lowest smoothed loss",
        "steep" => "fastai: the start of the steepest segment, loss drop per unit of log η",
        "steepest gradient" => "torch-lr-finder: the most negative np.gradient of the loss, by index (10 and 5 points trimmed at the ends)",
        _ => string.Empty,
    };

    private static string Pct(double value) => Invariant($"{100 * value:0.0}%");

    private static string Loss(double value) => double.IsFinite(value) ? Invariant($"{value:0.###}") : "NaN";

    private static string Epochs(int? epochs) => epochs is { } e ? e.ToString(CultureInfo.InvariantCulture) : "never";

    private static string Esc(string text) => WebUtility.HtmlEncode(text);

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}

/// <summary>One row of the lab's summary.</summary>
/// <param name="Experiment">"η sweep" or "schedules".</param>
/// <param name="Run">The run's name.</param>
/// <param name="Outcome">What happened.</param>
/// <param name="FinalAccuracy">The test accuracy after the last epoch.</param>
/// <param name="EpochsToTarget">The first epoch at the target accuracy, or null.</param>
/// <param name="FinalLoss">The last mini-batch loss.</param>
/// <param name="EpochsDone">The epochs that finished.</param>
public sealed record SummaryRow(string Experiment, string Run, string Outcome, double FinalAccuracy, int? EpochsToTarget, double FinalLoss, int EpochsDone);
