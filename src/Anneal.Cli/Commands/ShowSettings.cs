using System.ComponentModel;
using Spectre.Console.Cli;

namespace Anneal.Cli.Commands;

/// <summary>The arguments of <c>anneal show SPEC [--steps N | --metrics=V1,V2,...]</c>.</summary>
internal sealed class ShowSettings : SeriesSettings
{
    /// <summary>The schedule.</summary>
    [CommandArgument(0, "<SPEC>")]
    [Description("The schedule: spec text such as \"StepDecay(learning_rate=0.1, step_size=30)\" (quote it), or its JSON form")]
    public string Spec { get; init; } = string.Empty;
}
