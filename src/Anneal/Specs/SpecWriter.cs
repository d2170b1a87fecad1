using System.Text;

namespace Anneal.Specs;

/// <summary>Writes the canonical spec text: Paddle's constructor call, shortest round-trip numbers.</summary>
internal static class SpecWriter
{
    public static string Write(SpecValue value)
    {
        var sb = new StringBuilder();
        Write(sb, value);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, SpecValue value)
    {
        switch (value)
        {
            case SpecNumber n:
                sb.Append(n.Text);
                break;
            case SpecString s:
                sb.Append('\'');
                foreach (var c in s.Value)
                {
                    if (c is '\'' or '\\')
                    {
                        sb.Append('\\');
                    }

                    sb.Append(c);
                }

                sb.Append('\'');
                break;
            case SpecBool b:
                sb.Append(b.Value ? "True" : "False");
                break;
            case SpecNone:
                sb.Append("None");
                break;
            case SpecList l:
                sb.Append('[');
                for (var i = 0; i < l.Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    Write(sb, l.Items[i]);
                }

                sb.Append(']');
                break;
            case SpecCall c:
                sb.Append(c.Name).Append('(');
                for (var i = 0; i < c.Args.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(", ");
                    }

                    sb.Append(c.Args[i].Name).Append('=');
                    Write(sb, c.Args[i].Value);
                }

                sb.Append(')');
                break;
            default:
                throw new InvalidOperationException($"unknown spec node {value.GetType().Name}");
        }
    }
}
