namespace Anneal.Cli;

/// <summary>
/// What every verb declares about itself, so that <see cref="AnnealApp"/> adds it in one line and its
/// <c>--help</c> always has a description and an example.
/// </summary>
internal interface IAnnealCommand
{
    /// <summary>The verb, e.g. <c>export</c>.</summary>
    static abstract string Name { get; }

    /// <summary>One line for the verb list in <c>anneal --help</c>.</summary>
    static abstract string Description { get; }

    /// <summary>At least one example for <c>--help</c>, each as the argument list after <c>anneal</c>.</summary>
    static abstract IReadOnlyList<string[]> Examples { get; }
}
