using System.Text;
using System.Text.Json;

namespace Anneal.Specs;

/// <summary>
/// The JSON form of a spec: <c>{"type": "CosineAnnealingDecay", "learning_rate": 0.1, "T_max": 100}</c>, nested
/// schedules as objects, lists as arrays, None as null.
/// </summary>
internal static class SpecJson
{
    private static readonly JsonDocumentOptions ReadOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    public static string Write(SpecCall call, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            Write(writer, call);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static void Write(Utf8JsonWriter writer, SpecValue value)
    {
        switch (value)
        {
            case SpecNumber n:
                // The spec text of a canonical number is already valid JSON (shortest round-trip, e.g. 1e-08).
                writer.WriteRawValue(n.Text, skipInputValidation: false);
                break;
            case SpecString s:
                writer.WriteStringValue(s.Value);
                break;
            case SpecBool b:
                writer.WriteBooleanValue(b.Value);
                break;
            case SpecNone:
                writer.WriteNullValue();
                break;
            case SpecList l:
                writer.WriteStartArray();
                foreach (var item in l.Items)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case SpecCall c:
                writer.WriteStartObject();
                writer.WriteString("type", c.Name);
                foreach (var arg in c.Args)
                {
                    writer.WritePropertyName(arg.Name);
                    Write(writer, arg.Value);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new InvalidOperationException($"unknown spec node {value.GetType().Name}");
        }
    }

    public static SpecCall Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, ReadOptions);
        }
        catch (JsonException ex)
        {
            throw new SpecException($"malformed JSON spec: {ex.Message}", -1, null, ex);
        }

        using (document)
        {
            return ReadCall(document.RootElement, "$");
        }
    }

    public static SpecCall ReadCall(JsonElement element, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new SpecException($"JSON spec at {path}: expected an object with a \"type\" property, found {element.ValueKind}");
        }

        string? type = null;
        var args = new List<SpecArg>();
        foreach (var property in element.EnumerateObject())
        {
            if (property.Name == "type")
            {
                type = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()
                    : throw new SpecException($"JSON spec at {path}.type: expected a string naming the schedule");
                continue;
            }

            args.Add(new SpecArg(property.Name, ReadValue(property.Value, path + "." + property.Name), -1));
        }

        if (type is null)
        {
            throw new SpecException($"JSON spec at {path}: missing \"type\" (the schedule's name, e.g. \"StepDecay\")");
        }

        return new SpecCall(type, args, -1);
    }

    private static SpecValue ReadValue(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                var text = element.GetRawText();
                if (text.AsSpan().IndexOfAny(".eE") < 0 && element.TryGetInt64(out var integer))
                {
                    return new SpecNumber(integer, integer, text, -1);
                }

                var value = element.GetDouble();
                return double.IsFinite(value)
                    ? new SpecNumber(value, null, text, -1)
                    : throw new SpecException($"JSON spec at {path}: {text} is out of range for a double");
            case JsonValueKind.String:
                return new SpecString(element.GetString()!, -1);
            case JsonValueKind.True:
                return new SpecBool(true, -1);
            case JsonValueKind.False:
                return new SpecBool(false, -1);
            case JsonValueKind.Null:
                return new SpecNone(-1);
            case JsonValueKind.Array:
                var items = new List<SpecValue>();
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    items.Add(ReadValue(item, $"{path}[{i++}]"));
                }

                return new SpecList(items, -1);
            case JsonValueKind.Object:
                return ReadCall(element, path);
            default:
                throw new SpecException($"JSON spec at {path}: unexpected {element.ValueKind}");
        }
    }
}
