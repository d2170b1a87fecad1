using System.Text.RegularExpressions;
using Anneal.Cli.Commands;

namespace Anneal.Cli.Plotting;

/// <summary>
/// A SPEC argument of <c>plot</c>, <c>show</c> and <c>compare</c>: the definition, and the label its line gets in
/// legends and tables. <c>NAME=SPEC</c> gives the label; without it the label is the schedule's name.
/// </summary>
/// <param name="Label">The label.</param>
/// <param name="Definition">The schedule (or ReduceOnPlateau) the spec describes.</param>
/// <param name="IsLabelGiven">Whether the label came from <c>NAME=</c>.</param>
internal sealed partial record LabeledSpec(string Label, IScheduleDefinition Definition, bool IsLabelGiven)
{
    /// <summary>
    /// Reads <c>NAME=SPEC</c> or <c>SPEC</c>. A spec holds <c>=</c> too (<c>StepDecay(step_size=2)</c>), so
    /// <c>NAME=</c> is taken as a label only when NAME is a plain name (letters, digits, <c>_</c>, <c>-</c>, <c>.</c>,
    /// starting with a letter or <c>_</c>) directly followed by <c>=</c>, and what follows starts a spec: a name and
    /// <c>(</c>, or <c>{</c> for JSON.
    /// </summary>
    /// <param name="argument">The command-line argument.</param>
    /// <returns>The label (or null) and the spec text.</returns>
    public static (string? Label, string Spec) Split(string argument)
    {
        ArgumentNullException.ThrowIfNull(argument);
        var match = LabelPrefix().Match(argument);
        return match.Success ? (match.Groups["label"].Value, match.Groups["spec"].Value) : (null, argument);
    }

    /// <summary>Parses an argument, with the position of the argument for the error.</summary>
    /// <param name="argument">The command-line argument: <c>NAME=SPEC</c> or <c>SPEC</c>, the spec as text or JSON.</param>
    /// <param name="what">How the error names the argument, e.g. <c>SPEC 2</c>.</param>
    /// <param name="spec">The parsed argument.</param>
    /// <param name="problem">A one-line error, when it does not parse.</param>
    /// <returns>Whether it parsed.</returns>
    public static bool TryParse(string argument, string what, out LabeledSpec spec, out string problem)
    {
        var (label, text) = Split(argument);
        try
        {
            var definition = ExportCommand.ParseSpec(text);
            spec = new LabeledSpec(label ?? definition.Name, definition, label is not null);
            problem = string.Empty;
            return true;
        }
        catch (SpecException ex)
        {
            spec = null!;
            problem = label is null ? $"{what}: {ex.Message}" : $"{what} ('{label}'): {ex.Message}";
            return false;
        }
    }

    /// <summary>
    /// Makes the default labels of several specs unique: a label the user did not give that is shared with another
    /// gets <c> #1</c>, <c> #2</c>, ... in argument order.
    /// </summary>
    /// <param name="specs">The specs in argument order.</param>
    /// <returns>The specs with unique labels where the user did not choose them.</returns>
    public static IReadOnlyList<LabeledSpec> Disambiguate(IReadOnlyList<LabeledSpec> specs)
    {
        var counts = specs.GroupBy(s => s.Label, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<LabeledSpec>(specs.Count);
        foreach (var spec in specs)
        {
            if (spec.IsLabelGiven || counts[spec.Label] == 1)
            {
                result.Add(spec);
                continue;
            }

            seen[spec.Label] = seen.GetValueOrDefault(spec.Label) + 1;
            result.Add(spec with { Label = $"{spec.Label} #{seen[spec.Label]}" });
        }

        return result;
    }

    /// <summary><c>NAME=</c> followed by the start of a spec (<c>Name(</c>, <c>paddle.optimizer.lr.Name(</c>, <c>torch.Name(</c>) or of JSON.</summary>
    [GeneratedRegex(@"^\s*(?<label>[A-Za-z_][A-Za-z0-9_.\-]*)\s*=\s*(?<spec>(?:[A-Za-z_][A-Za-z0-9_.]*\s*\(|\{)[\s\S]*)$")]
    private static partial Regex LabelPrefix();
}
