using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Anneal.Cli.Gallery;

/// <summary>The documentation of one type, converted to Markdown.</summary>
/// <param name="Summary">The summary, one paragraph.</param>
/// <param name="Remarks">The remarks, one entry per paragraph or list.</param>
/// <param name="Example">The example, one paragraph (or empty).</param>
internal sealed record TypeDoc(string Summary, IReadOnlyList<string> Remarks, string Example);

/// <summary>
/// Reads the core's XML documentation file (<c>Anneal.xml</c>, built beside <c>Anneal.dll</c>) and converts a type's
/// summary, remarks and example to Markdown, so that the gallery's pages show the formulas, defaults and equivalents
/// that the code documents, and never drift from them.
/// </summary>
internal sealed partial class XmlDocs
{
    private readonly Dictionary<string, XElement> _members;
    private readonly Func<string, string?> _link;

    private XmlDocs(Dictionary<string, XElement> members, Func<string, string?> link)
    {
        _members = members;
        _link = link;
    }

    /// <summary>Where the core's XML docs are expected: beside the core's assembly.</summary>
    public static string DefaultPath => Path.ChangeExtension(typeof(Schedule).Assembly.Location, ".xml");

    /// <summary>Loads a documentation file.</summary>
    /// <param name="path">The <c>.xml</c> file.</param>
    /// <param name="link">Gives the Markdown link for a <c>cref</c> (<c>T:Anneal.StepDecay</c>), or null for plain code.</param>
    /// <returns>The docs.</returns>
    /// <exception cref="CliException">The file is missing or not documentation XML.</exception>
    public static XmlDocs Load(string path, Func<string, string?> link)
    {
        ArgumentNullException.ThrowIfNull(link);
        if (!File.Exists(path))
        {
            throw new CliException($"cannot find the core's XML docs at '{path}': the gallery needs Anneal.xml beside Anneal.dll (a build with GenerateDocumentationFile, as this repository's)");
        }

        try
        {
            var members = XDocument.Load(path).Descendants("member")
                .Where(m => m.Attribute("name") is not null)
                .GroupBy(m => m.Attribute("name")!.Value, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            return new XmlDocs(members, link);
        }
        catch (System.Xml.XmlException ex)
        {
            throw new CliException($"'{path}' is not valid XML documentation: {ex.Message}", ex);
        }
    }

    /// <summary>The documentation of a type, or null when it has none.</summary>
    /// <param name="type">The type.</param>
    /// <returns>Its summary, remarks and example in Markdown.</returns>
    public TypeDoc? For(Type type)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!_members.TryGetValue("T:" + type.FullName, out var member))
        {
            return null;
        }

        var summary = member.Element("summary") is { } s ? Blocks(s).FirstOrDefault() ?? string.Empty : string.Empty;
        var remarks = member.Element("remarks") is { } r ? Blocks(r) : [];
        var example = member.Element("example") is { } e ? string.Join("\n\n", Blocks(e)) : string.Empty;
        return new TypeDoc(summary, remarks, example);
    }

    /// <summary>
    /// The parameters of the <c>Spec: Name(a, b=1.0, ...)</c> signature the remarks give: each name with its
    /// default, or null for a required one.
    /// </summary>
    /// <param name="doc">The type's docs.</param>
    /// <param name="name">The spec name.</param>
    /// <returns>The parameters, or an empty list when the remarks have no signature.</returns>
    public static IReadOnlyList<(string Name, string? Default)> Signature(TypeDoc doc, string name)
    {
        ArgumentNullException.ThrowIfNull(doc);
        foreach (var block in doc.Remarks)
        {
            var start = block.IndexOf("`" + name + "(", StringComparison.Ordinal);
            if (!block.Contains("Spec", StringComparison.Ordinal) || start < 0)
            {
                continue;
            }

            var open = start + name.Length + 2;
            var close = CloseOf(block, open - 1);
            if (close < 0)
            {
                continue;
            }

            return [.. SplitTopLevel(block[open..close]).Select(p => p.Split('=', 2)).Select(p => (p[0].Trim(), p.Length > 1 ? p[1].Trim() : null))];
        }

        return [];
    }

    /// <summary>Splits at the commas that are not inside brackets, parentheses or quotes.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The trimmed pieces, empty ones left out.</returns>
    public static IReadOnlyList<string> SplitTopLevel(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var depth = 0;
        char? quote = null;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c is '(' or '[' or '{')
            {
                depth++;
            }
            else if (c is ')' or ']' or '}')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                parts.Add(text[start..i].Trim());
                start = i + 1;
            }
        }

        parts.Add(text[start..].Trim());
        return [.. parts.Where(p => p.Length > 0)];
    }

    private static int CloseOf(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            depth += text[i] switch { '(' or '[' => 1, ')' or ']' => -1, _ => 0 };
            if (depth == 0)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The element as Markdown blocks: each <c>para</c> and <c>list</c> its own block, loose text joined.</summary>
    private List<string> Blocks(XElement element)
    {
        var blocks = new List<string>();
        var loose = new StringBuilder();
        void Flush()
        {
            var text = Collapse(loose.ToString());
            if (text.Length > 0)
            {
                blocks.Add(text);
            }

            loose.Clear();
        }

        foreach (var node in element.Nodes())
        {
            if (node is XElement { Name.LocalName: "para" } para)
            {
                Flush();
                blocks.AddRange(Blocks(para));
            }
            else if (node is XElement { Name.LocalName: "list" } list)
            {
                Flush();
                blocks.Add(List(list));
            }
            else if (node is XElement { Name.LocalName: "code" } code)
            {
                Flush();
                blocks.Add("```csharp\n" + code.Value.Trim('\n', '\r') + "\n```");
            }
            else
            {
                loose.Append(Inline(node));
            }
        }

        Flush();
        return blocks;
    }

    private string List(XElement list)
    {
        var ordered = list.Attribute("type")?.Value == "number";
        var items = list.Elements("item").Select((item, i) =>
        {
            var content = item.Element("description") ?? item;
            var term = item.Element("term") is { } t ? $"**{Collapse(string.Concat(t.Nodes().Select(Inline)))}**: " : string.Empty;
            return $"{(ordered ? $"{i + 1}." : "-")} {term}{Collapse(string.Concat(content.Nodes().Select(Inline)))}";
        });
        return string.Join("\n", items);
    }

    private string Inline(XNode node) => node switch
    {
        XText text => Escape(text.Value),
        XElement { Name.LocalName: "c" } c => Code(Collapse(c.Value)),
        XElement { Name.LocalName: "b" } b => $"**{string.Concat(b.Nodes().Select(Inline)).Trim()}**",
        XElement { Name.LocalName: "i" } i => $"*{string.Concat(i.Nodes().Select(Inline)).Trim()}*",
        XElement { Name.LocalName: "br" } => "<br>",
        XElement { Name.LocalName: "paramref" or "typeparamref" } p => Code(p.Attribute("name")?.Value ?? string.Empty),
        XElement { Name.LocalName: "see" or "seealso" } see => See(see),
        XElement { Name.LocalName: "para" } para => " " + string.Concat(para.Nodes().Select(Inline)) + " ",
        XElement other => string.Concat(other.Nodes().Select(Inline)),
        _ => string.Empty,
    };

    private string See(XElement see)
    {
        if (see.Attribute("langword")?.Value is { } word)
        {
            return Code(word);
        }

        var cref = see.Attribute("cref")?.Value ?? see.Attribute("href")?.Value ?? string.Empty;
        if (!see.IsEmpty && see.Value.Length > 0)
        {
            return string.Concat(see.Nodes().Select(Inline));
        }

        return _link(cref) ?? Code(ShortName(cref));
    }

    /// <summary><c>T:Anneal.StepDecay</c> → <c>StepDecay</c>; <c>P:Anneal.CyclicLR.ScaleFn</c> → <c>CyclicLR.ScaleFn</c>; <c>M:Anneal.X.At(System.Int64)</c> → <c>X.At</c>.</summary>
    private static string ShortName(string cref)
    {
        var name = cref.Length > 2 && cref[1] == ':' ? cref[2..] : cref;
        var paren = name.IndexOf('(', StringComparison.Ordinal);
        name = paren >= 0 ? name[..paren] : name;
        name = name.StartsWith("Anneal.", StringComparison.Ordinal) ? name["Anneal.".Length..] : name;
        return name.Replace("#ctor", "new", StringComparison.Ordinal);
    }

    private static string Code(string text) => text.Contains('`', StringComparison.Ordinal) ? $"`` {text} ``" : $"`{text}`";

    /// <summary>Escapes what Markdown would read as emphasis or HTML in plain text.</summary>
    private static string Escape(string text) => text.Replace("*", "\\*", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal);

    private static string Collapse(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
