using Anneal.Internal;

namespace Anneal.Specs;

/// <summary>The kinds of value a spec parameter takes.</summary>
internal enum ParamKind
{
    /// <summary>A finite double; integer literals are accepted.</summary>
    Real,

    /// <summary>An integer literal only.</summary>
    Integer,

    /// <summary><c>True</c> / <c>False</c>.</summary>
    Boolean,

    /// <summary>A quoted string, usually one of <see cref="ParamSpec.Choices"/>.</summary>
    Text,

    /// <summary>A list of numbers.</summary>
    RealList,

    /// <summary>A list of integer literals.</summary>
    IntegerList,

    /// <summary>A Python expression in a string, with the variable <see cref="ParamSpec.Variable"/>.</summary>
    Expression,

    /// <summary>A number or a nested schedule.</summary>
    RealOrSchedule,

    /// <summary>A nested schedule.</summary>
    Schedule,

    /// <summary>A list of nested schedules.</summary>
    ScheduleList,
}

/// <summary>One parameter of a schedule as spec text and JSON write it.</summary>
/// <param name="Name">Paddle's (or PyTorch's) parameter name, as written in specs.</param>
/// <param name="ClrName">The C# constructor parameter name, used to map argument exceptions back to the spec.</param>
/// <param name="Kind">What values it takes.</param>
/// <param name="Required">Whether the spec must give it.</param>
/// <param name="Default">The default (a double, long, bool, string, array or <see langword="null"/> for None).</param>
internal sealed record ParamSpec(string Name, string ClrName, ParamKind Kind, bool Required, object? Default)
{
    /// <summary>Whether <c>None</c> is accepted.</summary>
    public bool Nullable { get; init; }

    /// <summary>For <see cref="ParamKind.Text"/>: the allowed values (case-sensitive as written).</summary>
    public IReadOnlyList<string>? Choices { get; init; }

    /// <summary>
    /// For <see cref="ParamKind.ScheduleList"/> of the PyTorch containers (<c>torch.SequentialLR</c>,
    /// <c>torch.ChainedScheduler</c>): the children do not write <c>lr</c>; they take the container's.
    /// </summary>
    public bool InheritsLr { get; init; }

    /// <summary>For <see cref="ParamKind.Expression"/>: the variable name (<c>epoch</c> or <c>x</c>).</summary>
    public string Variable { get; init; } = "epoch";

    /// <summary>A required parameter.</summary>
    public static ParamSpec Req(string name, string clrName, ParamKind kind) => new(name, clrName, kind, true, null);

    /// <summary>An optional parameter with a default.</summary>
    public static ParamSpec Opt(string name, string clrName, ParamKind kind, object? @default) => new(name, clrName, kind, false, @default);
}

/// <summary>
/// What the spec machinery knows of one schedule: its name, its parameters in Paddle's order with their defaults,
/// and how to build it from bound arguments. One per schedule class, declared beside it.
/// </summary>
internal sealed class ScheduleDescriptor
{
    private readonly Func<BoundArgs, IScheduleDefinition> _create;

    public ScheduleDescriptor(string name, IReadOnlyList<ParamSpec> parameters, Func<BoundArgs, IScheduleDefinition> create)
    {
        Name = name;
        Parameters = parameters;
        _create = create;
    }

    /// <summary>The spec name, e.g. <c>CosineAnnealingDecay</c> or <c>torch.StepLR</c>.</summary>
    public string Name { get; }

    /// <summary>The parameters in the order they print.</summary>
    public IReadOnlyList<ParamSpec> Parameters { get; }

    /// <summary>Finds a parameter by spec name.</summary>
    public ParamSpec? Find(string name)
    {
        foreach (var p in Parameters)
        {
            if (p.Name == name)
            {
                return p;
            }
        }

        return null;
    }

    /// <summary>Builds the schedule. Argument exceptions propagate to the binder, which rephrases them.</summary>
    public IScheduleDefinition Create(BoundArgs args) => _create(args);

    /// <summary>
    /// Builds the spec of an instance from its parameter values, leaving out those equal to their defaults.
    /// Every name must be a parameter of this descriptor.
    /// </summary>
    public SpecCall Call(params (string Name, object? Value)[] values)
    {
        var args = new List<SpecArg>(values.Length);
        foreach (var (name, value) in values)
        {
            var p = Find(name) ?? throw new InvalidOperationException($"{Name} has no parameter '{name}'");
            var node = SpecValues.From(value, p.Kind);
            if (p.InheritsLr && node is SpecList list)
            {
                node = list with { Items = list.Items.Select(i => i is SpecCall c ? c with { Args = c.Args.Where(a => a.Name != "lr").ToArray() } : i).ToArray() };
            }

            if (!p.Required && SpecWriter.Write(node) == SpecWriter.Write(SpecValues.From(p.Default, p.Kind)))
            {
                continue;
            }

            args.Add(new SpecArg(name, node, -1));
        }

        return new SpecCall(Name, args, -1);
    }
}

/// <summary>Converts CLR values to spec syntax nodes.</summary>
internal static class SpecValues
{
    public static SpecValue From(object? value, ParamKind kind) => value switch
    {
        null => new SpecNone(-1),
        IScheduleDefinition schedule => schedule.ToSpec(),
        bool b => new SpecBool(b, -1),
        string s => new SpecString(s, -1),
        Internal.Expressions.PyExpression e => new SpecString(e.Text, -1),
        long l when kind is ParamKind.Real or ParamKind.RealOrSchedule or ParamKind.RealList => Real(l),
        long l => new SpecNumber(l, l, l.ToString(System.Globalization.CultureInfo.InvariantCulture), -1),
        int i => From((long)i, kind),
        double d => Real(d),
        IEnumerable<double> ds => new SpecList(ds.Select(Real).ToArray(), -1),
        IEnumerable<long> ls => new SpecList(ls.Select(l => From(l, kind)).ToArray(), -1),
        IEnumerable<IScheduleDefinition> ss => new SpecList(ss.Select(s => (SpecValue)s.ToSpec()).ToArray(), -1),
        _ => throw new InvalidOperationException($"cannot write a {value.GetType().Name} in a spec"),
    };

    private static SpecNumber Real(double d) => new(d, null, Guard.Format(d), -1);

    private static SpecValue Real(long l) => new SpecNumber(l, null, Guard.Format(l), -1);
}
