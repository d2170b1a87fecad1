using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Anneal.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Anneal.Cli;

/// <summary>
/// The <c>anneal</c> command line: builds the Spectre.Console.Cli application and runs it against the given
/// streams, so tests run the CLI in-process exactly as <c>Program</c> does.
/// </summary>
/// <remarks>
/// Exit codes: 0 on success (and for <c>--help</c>); 2 for bad input, with one line <c>error: ...</c> on stderr and
/// nothing on stdout; 1 when the output cannot be written or something unexpected fails (also one line, never a
/// stack trace); 130 when cancelled. Help and version text go to stdout, without colour, with trailing spaces trimmed.
/// </remarks>
internal static partial class AnnealApp
{
    /// <summary>The exit code for bad input: an unknown verb or option, a bad value, a bad spec.</summary>
    public const int BadInput = 2;

    /// <summary>The exit code when the output cannot be written or something unexpected fails.</summary>
    public const int Failure = 1;

    /// <summary>The exit code after Ctrl+C (128 + SIGINT, as shells report it).</summary>
    public const int Cancelled = 130;

    /// <summary>The help width when stdout is not a terminal.</summary>
    private const int DefaultWidth = 80;

    /// <summary>Every verb, in the order help lists them. Adding a verb is one line here.</summary>
    private static readonly Verb[] Verbs =
    [
        Verb.Of<ExportCommand>(),
        Verb.Of<Commands.Lab.LabCommand>(),
        Verb.Of<Commands.Lab.FindLrCommand>(),
        Verb.Of<PlotCommand>(),
        Verb.Of<ShowCommand>(),
        Verb.Of<CompareCommand>(),
        Verb.Of<GalleryCommand>(),
    ];

    /// <summary>The names of every verb.</summary>
    internal static IEnumerable<string> CommandNames => Verbs.Select(v => v.Name);

    /// <summary>Runs the command line.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results, help and version go.</param>
    /// <param name="stderr">Where the one-line error goes.</param>
    /// <returns>The exit code: 0 on success, 2 for bad input, 1 for a failure to write or an unexpected error, 130 when cancelled.</returns>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr) => Run(args, stdout, stderr, validateExamples: false);

    /// <summary>Runs the command line, optionally having Spectre check first that every verb's examples parse.</summary>
    /// <param name="args">The arguments, without the program name.</param>
    /// <param name="stdout">Where results, help and version go.</param>
    /// <param name="stderr">Where the one-line error goes.</param>
    /// <param name="validateExamples">Whether to parse every <c>--help</c> example first (for tests).</param>
    /// <returns>The exit code.</returns>
    internal static int Run(string[] args, TextWriter stdout, TextWriter stderr, bool validateExamples)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);

        var verb = args.Length > 0 ? Verbs.FirstOrDefault(v => v.Name == args[0]) : null;
        int code;
        try
        {
            CheckVerb(args);
            verb?.CheckValues(args);
            var help = new StringWriter();
            code = Build(stdout, help, HelpWidth(stdout), validateExamples).Run(args);
            WriteTrimmed(help.ToString(), stdout);
            stdout.Flush();
        }
        catch (Exception ex) when (IsBadInput(ex))
        {
            return Fail(stderr, BadInput, Describe(ex, verb));
        }
        catch (OperationCanceledException)
        {
            return Fail(stderr, Cancelled, "cancelled");
        }
        catch (IOException ex)
        {
            return Fail(stderr, Failure, $"cannot write the output: {ex.Message}");
        }
#pragma warning disable CA1031 // The contract is one line on stderr and never a stack trace, whatever failed.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Fail(stderr, Failure, $"unexpected {ex.GetType().Name}: {ex.Message} (please report this)");
        }

        return code;
    }

    /// <summary>Keeps a message on one line: line breaks and runs of whitespace become one space.</summary>
    /// <param name="message">The message.</param>
    /// <returns>The message on one line, trimmed.</returns>
    internal static string OneLine(string message)
    {
        var builder = new StringBuilder(message.Length);
        var space = false;
        foreach (var c in message)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }

            if (space)
            {
                builder.Append(' ');
                space = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    private static CommandApp Build(TextWriter stdout, TextWriter help, int width, bool validateExamples)
    {
        // Spectre renders help with ANSI styles into a buffer, and WriteTrimmed strips them: its no-ANSI backend would
        // set colours through System.Console instead, which writes escape codes to the real terminal.
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.Yes,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(help),
        });
        console.Profile.Width = width;

        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("anneal");
            config.SetApplicationVersion(Version);
            config.Settings.Console = console;
            config.Settings.Registrar.RegisterInstance(new CliOutput(stdout));
            config.Settings.StrictParsing = true;
            config.PropagateExceptions();
            if (validateExamples)
            {
                config.ValidateExamples();
            }

            foreach (var verb in Verbs)
            {
                verb.Add(config);
            }
        });
        return app;
    }

    /// <summary>Refuses a missing or unknown verb with the list of verbs and the nearest one.</summary>
    private static void CheckVerb(string[] args)
    {
        if (args.Length == 0)
        {
            throw new CliException($"no command given; expected one of: {string.Join(", ", CommandNames)} (see 'anneal --help')");
        }

        var first = args[0];
        if (!first.StartsWith('-') && !CommandNames.Contains(first, StringComparer.Ordinal))
        {
            var nearest = CommandNames.MinBy(name => Distance(name, first))!;
            var hint = Distance(nearest, first) <= Math.Max(2, nearest.Length / 3) ? $" (did you mean '{nearest}'?)" : string.Empty;
            throw new CliException($"unknown command '{first}'{hint}; expected one of: {string.Join(", ", CommandNames)}");
        }
    }

    private static int HelpWidth(TextWriter stdout)
    {
        if (ReferenceEquals(stdout, Console.Out) && !Console.IsOutputRedirected)
        {
            try
            {
                return Console.WindowWidth > 20 ? Console.WindowWidth : DefaultWidth;
            }
            catch (IOException)
            {
                return DefaultWidth;
            }
        }

        return DefaultWidth;
    }

    /// <summary>Writes Spectre's help as plain text: without escape sequences, and without the spaces it pads table cells with.</summary>
    private static void WriteTrimmed(string text, TextWriter stdout)
    {
        var lines = AnsiEscape().Replace(text, string.Empty).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            stdout.Write(lines[i].TrimEnd());
            if (i < lines.Length - 1)
            {
                stdout.Write('\n');
            }
        }
    }

    /// <summary>CSI sequences (<c>ESC [ ... letter</c>: styles, cursor), OSC sequences (<c>ESC ] ... BEL</c> or <c>ESC \\</c>: links) and two-character escapes.</summary>
    [GeneratedRegex(@"\x1B(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1B]*(?:\x07|\x1B\\)|[@-Z\\-_])")]
    private static partial Regex AnsiEscape();

    private static string Version
        => typeof(AnnealApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private static bool IsBadInput(Exception ex)
        => ex is CliException or CommandAppException or ArgumentException or InvalidOperationException or FormatException or OverflowException;

    /// <summary>The one-line message: our own as is; Spectre's lower-cased, with where to look for what is allowed.</summary>
    private static string Describe(Exception ex, Verb? verb)
    {
        var message = OneLine(ex.Message);
        var spectres = ex is CommandParseException
            || (ex is CommandRuntimeException && message.Contains("missing required argument", StringComparison.Ordinal));
        if (!spectres)
        {
            return message;
        }

        message = message.TrimEnd('.');
        if (message.Length > 0 && char.IsUpper(message[0]) && (message.Length == 1 || !char.IsUpper(message[1])))
        {
            message = char.ToLowerInvariant(message[0]) + message[1..];
        }

        if (verb is null)
        {
            return $"{message} (see 'anneal --help')";
        }

        if (message.StartsWith("unknown option", StringComparison.Ordinal))
        {
            return $"{message} of '{verb.Name}'; expected one of: {string.Join(", ", verb.Options)} (see 'anneal {verb.Name} --help')";
        }

        return $"{message} (see 'anneal {verb.Name} --help', e.g. anneal {string.Join(' ', verb.Examples[0])})";
    }

    private static int Fail(TextWriter stderr, int code, string message)
    {
        stderr.Write("error: " + OneLine(message) + "\n");
        stderr.Flush();
        return code;
    }

    /// <summary>The Levenshtein distance, for "did you mean".</summary>
    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
