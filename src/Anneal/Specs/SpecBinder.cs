using Anneal.Internal;
using Anneal.Internal.Expressions;

namespace Anneal.Specs;

/// <summary>
/// Turns a spec syntax tree into schedules: finds each schedule by name, checks every argument's name and kind,
/// fills in defaults, runs the schedule's own validation and rephrases its exceptions in spec terms.
/// </summary>
internal static class SpecBinder
{
    private static readonly string[] SchedulerOnly = ["last_epoch", "verbose"];

    public static IScheduleDefinition Bind(SpecCall call)
    {
        var descriptor = ScheduleRegistry.Find(call.Name)
            ?? throw new SpecException(
                $"unknown schedule '{call.Name}'{NameSuggester.Hint(ScheduleRegistry.StripPrefix(call.Name), ScheduleRegistry.Names)}{At(call.Position)}",
                call.Position);

        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        var positions = new Dictionary<string, int>(StringComparer.Ordinal);
        var inheritedLr = call.Args.FirstOrDefault(a => a.Name == "lr")?.Value;
        foreach (var arg in call.Args)
        {
            var p = descriptor.Find(arg.Name);
            if (p is null)
            {
                if (Array.IndexOf(SchedulerOnly, arg.Name) >= 0)
                {
                    throw new SpecException(
                        $"'{arg.Name}' is not part of a schedule's spec: it belongs to the scheduler (use CreateScheduler(lastEpoch) or --last-epoch){At(arg.Position)}",
                        arg.Position,
                        arg.Name);
                }

                throw new SpecException(
                    $"unknown parameter '{arg.Name}' of {descriptor.Name}{NameSuggester.Hint(arg.Name, descriptor.Parameters.Select(x => x.Name))}{At(arg.Position)}; parameters: {string.Join(", ", descriptor.Parameters.Select(x => x.Name))}",
                    arg.Position,
                    arg.Name);
            }

            if (values.ContainsKey(p.Name))
            {
                throw new SpecException($"parameter '{p.Name}' of {descriptor.Name} is given twice{At(arg.Position)}", arg.Position, p.Name);
            }

            var value = p.InheritsLr ? WithInheritedLr(descriptor, arg.Value, inheritedLr) : arg.Value;
            values[p.Name] = Convert(descriptor, p, value);
            positions[p.Name] = arg.Position;
        }

        foreach (var p in descriptor.Parameters)
        {
            if (values.ContainsKey(p.Name))
            {
                continue;
            }

            if (p.Required)
            {
                throw new SpecException(
                    $"missing required parameter '{p.Name}' of {descriptor.Name}{At(call.Position)}; required: {string.Join(", ", descriptor.Parameters.Where(x => x.Required).Select(x => x.Name))}",
                    call.Position,
                    p.Name);
            }

            values[p.Name] = p.Kind == ParamKind.Expression && p.Default is string text
                ? PyExpression.Parse(text, p.Variable)
                : p.Default;
        }

        try
        {
            return descriptor.Create(new BoundArgs(values));
        }
        catch (ArgumentException ex) when (ex is not SpecException)
        {
            var p = descriptor.Parameters.FirstOrDefault(x => x.ClrName == ex.ParamName || x.Name == ex.ParamName);
            var name = p?.Name ?? ex.ParamName;
            var position = p is not null && positions.TryGetValue(p.Name, out var pos) ? pos : call.Position;
            var requirement = ex.Data[Guard.RequirementKey] as string;
            var shown = ex.Data[Guard.ValueKey] as string;
            var message = requirement is not null && name is not null
                ? $"{descriptor.Name}: {name} = {shown} {requirement}"
                : $"{descriptor.Name}: {FirstLine(ex.Message)}";
            throw new SpecException(message + At(position), position, name, ex);
        }
    }

    private static object? Convert(ScheduleDescriptor d, ParamSpec p, SpecValue value)
    {
        if (value is SpecNone)
        {
            return p.Nullable || (!p.Required && p.Default is null)
                ? null
                : throw Wrong(d, p, value, "None is not allowed");
        }

        switch (p.Kind)
        {
            case ParamKind.Real:
                return value is SpecNumber n ? n.Value : throw Wrong(d, p, value, "expected a number");
            case ParamKind.Integer:
                return value is SpecNumber { Integer: { } i }
                    ? i
                    : throw Wrong(d, p, value, "expected an integer literal (no decimal point)");
            case ParamKind.Boolean:
                return value is SpecBool b ? b.Value : throw Wrong(d, p, value, "expected True or False");
            case ParamKind.Text:
                if (value is not SpecString s)
                {
                    throw Wrong(d, p, value, p.Choices is null ? "expected a quoted string" : $"expected one of {Choices(p)}");
                }

                if (p.Choices is null)
                {
                    return s.Value;
                }

                // Paddle lower-cases its mode strings before checking them; accept any case, keep the canonical one.
                var choice = p.Choices.FirstOrDefault(c => string.Equals(c, s.Value, StringComparison.OrdinalIgnoreCase));
                if (choice is null)
                {
                    throw new SpecException(
                        $"{d.Name}: {p.Name} = '{s.Value}' is not allowed; expected one of {Choices(p)}{NameSuggester.Hint(s.Value, p.Choices)}{At(value.Position)}",
                        value.Position,
                        p.Name);
                }

                return choice;
            case ParamKind.RealList:
                return value is SpecList rl
                    ? rl.Items.Select(x => x is SpecNumber n2 ? n2.Value : throw Wrong(d, p, x, "expected a list of numbers")).ToArray()
                    : throw Wrong(d, p, value, "expected a list of numbers, e.g. [0.1, 0.01]");
            case ParamKind.IntegerList:
                return value is SpecList il
                    ? il.Items.Select(x => x is SpecNumber { Integer: { } i2 } ? i2 : throw Wrong(d, p, x, "expected a list of integer literals")).ToArray()
                    : throw Wrong(d, p, value, "expected a list of integers, e.g. [30, 60]");
            case ParamKind.Expression:
                if (value is not SpecString e)
                {
                    throw Wrong(d, p, value, $"expected a quoted Python expression in '{p.Variable}', e.g. '0.95 ** {p.Variable}'");
                }

                try
                {
                    return PyExpression.Parse(e.Value, p.Variable);
                }
                catch (ExpressionSyntaxException ex)
                {
                    var position = value.Position < 0 ? -1 : value.Position + 1 + ex.Position;
                    throw new SpecException($"{d.Name}: {p.Name} = '{e.Value}' does not parse: {ex.Message}{At(position)}", position, p.Name, ex);
                }

            case ParamKind.RealOrSchedule:
                return value switch
                {
                    SpecNumber n3 => n3.Value,
                    SpecCall c => Bind(c),
                    _ => throw Wrong(d, p, value, "expected a number or a schedule"),
                };
            case ParamKind.Schedule:
                return value is SpecCall c2 ? Bind(c2) : throw Wrong(d, p, value, "expected a schedule, e.g. CosineAnnealingDecay(learning_rate=0.1, T_max=100)");
            case ParamKind.ScheduleList:
                return value is SpecList sl
                    ? sl.Items.Select(x => x is SpecCall c3 ? Bind(c3) : throw Wrong(d, p, x, "expected a list of schedules")).ToArray()
                    : throw Wrong(d, p, value, "expected a list of schedules");
            default:
                throw new InvalidOperationException($"unhandled parameter kind {p.Kind}");
        }
    }

    /// <summary>Gives each child schedule of a PyTorch container the container's <c>lr</c>, which children do not write.</summary>
    private static SpecValue WithInheritedLr(ScheduleDescriptor d, SpecValue value, SpecValue? lr)
    {
        if (value is not SpecList list || lr is null)
        {
            return value;
        }

        var items = new List<SpecValue>(list.Items.Count);
        foreach (var item in list.Items)
        {
            if (item is SpecCall child)
            {
                if (!ScheduleRegistry.StripPrefix(child.Name).StartsWith("torch.", StringComparison.Ordinal))
                {
                    throw new SpecException(
                        $"{child.Name} is not allowed in {d.Name}: its schedulers are torch.* schedules (e.g. torch.StepLR(step_size=30)){At(child.Position)}",
                        child.Position,
                        "schedulers");
                }

                var own = child.Args.FirstOrDefault(a => a.Name == "lr");
                if (own is not null)
                {
                    throw new SpecException(
                        $"{child.Name} inside {d.Name} takes lr from {d.Name}: remove lr={SpecWriter.Write(own.Value)}{At(own.Position)}",
                        own.Position,
                        "lr");
                }

                items.Add(child with { Args = [new SpecArg("lr", lr, lr.Position), .. child.Args] });
            }
            else
            {
                items.Add(item);
            }
        }

        return list with { Items = items };
    }

    private static SpecException Wrong(ScheduleDescriptor d, ParamSpec p, SpecValue value, string expected)
        => new($"{d.Name}: {p.Name} = {Show(value)} is not allowed: {expected}{At(value.Position)}", value.Position, p.Name);

    private static string Show(SpecValue value)
    {
        var text = SpecWriter.Write(value);
        return text.Length > 40 ? text[..37] + "..." : text;
    }

    private static string Choices(ParamSpec p) => string.Join(", ", p.Choices!.Select(c => "'" + c + "'"));

    private static string At(int position) => position >= 0 ? $" (at position {position})" : string.Empty;

    private static string FirstLine(string message)
    {
        var i = message.IndexOfAny(['\r', '\n']);
        return i < 0 ? message : message[..i];
    }
}
