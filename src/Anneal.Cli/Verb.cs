using System.Reflection;
using Spectre.Console.Cli;

namespace Anneal.Cli;

/// <summary>A verb of <c>anneal</c>: its name, its options, its examples, and how it adds itself to the app.</summary>
internal sealed record Verb(
    string Name,
    IReadOnlyList<string> Options,
    IReadOnlyList<string> ValueOptions,
    IReadOnlyList<string[]> Examples,
    Action<IConfigurator> Add)
{
    /// <summary>Describes <typeparamref name="TCommand"/> from what it declares as an <see cref="IAnnealCommand"/>.</summary>
    /// <typeparam name="TCommand">The command.</typeparam>
    /// <returns>The verb.</returns>
    /// <exception cref="InvalidOperationException">The command has no example for <c>--help</c>.</exception>
    public static Verb Of<TCommand>()
        where TCommand : class, ICommand, IAnnealCommand
    {
        if (TCommand.Examples.Count == 0)
        {
            throw new InvalidOperationException($"the verb '{TCommand.Name}' needs at least one example for --help");
        }

        var options = OptionsOf(typeof(TCommand));
        var valueOptions = options.Where(o => o.Value.ValueName is not null).Select(o => o.Key).ToArray();
        return new Verb(TCommand.Name, [.. options.Select(o => o.Key), "--help"], valueOptions, TCommand.Examples, config =>
        {
            var command = config.AddCommand<TCommand>(TCommand.Name).WithDescription(TCommand.Description);
            foreach (var example in TCommand.Examples)
            {
                command.WithExample(example);
            }
        });
    }

    /// <summary>
    /// Refuses an option that needs a value but has none (<c>--steps</c> last, or followed by another
    /// <c>--option</c>, or <c>--steps=</c>): Spectre would otherwise bind a placeholder to it.
    /// </summary>
    /// <param name="args">The whole command line; <c>args[0]</c> is this verb.</param>
    /// <exception cref="CliException">An option that needs a value has none.</exception>
    public void CheckValues(string[] args)
    {
        for (var i = 1; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                return;
            }

            var name = ValueOptions.FirstOrDefault(o => arg == o || arg == o + "=");
            if (name is null)
            {
                continue;
            }

            var next = arg.EndsWith('=') ? string.Empty : i + 1 < args.Length ? args[i + 1] : null;
            if (next is null || next.Length == 0 || next.StartsWith("--", StringComparison.Ordinal) || next is "-h" or "-?")
            {
                throw new CliException($"{name} needs a value, e.g. {ExampleUse(name)} (see 'anneal {Name} --help')");
            }
        }
    }

    /// <summary>How the examples use <paramref name="option"/>, e.g. <c>--steps 10</c>.</summary>
    private string ExampleUse(string option)
    {
        foreach (var example in Examples)
        {
            for (var i = 0; i < example.Length; i++)
            {
                if (example[i].StartsWith(option + "=", StringComparison.Ordinal))
                {
                    return example[i];
                }

                if (example[i] == option && i + 1 < example.Length)
                {
                    return option + " " + example[i + 1];
                }
            }
        }

        return option + " VALUE";
    }

    /// <summary>The long options of the command's settings type, each with its attribute.</summary>
    private static KeyValuePair<string, CommandOptionAttribute>[] OptionsOf(Type command)
    {
        var settings = command;
        while (settings is not null && !(settings.IsGenericType && settings.GetGenericTypeDefinition() == typeof(Command<>)))
        {
            settings = settings.BaseType;
        }

        return settings is null
            ? []
            :
            [
                .. settings.GetGenericArguments()[0]
                    .GetProperties()
                    .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
                    .OfType<CommandOptionAttribute>()
                    .SelectMany(o => o.LongNames.Select(n => KeyValuePair.Create("--" + n, o))),
            ];
    }
}
