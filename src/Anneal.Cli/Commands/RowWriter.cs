using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Anneal.Cli.Commands;

/// <summary>
/// Writes <c>(step, lr)</c> rows (plus <c>momentum</c> for schedules that cycle it) to a <see cref="TextWriter"/> in chunks. Numbers are exact: integers plain,
/// learning rates in shortest round-trip form (<c>double.ToString("R", CultureInfo.InvariantCulture)</c>).
/// Lines end with <c>\n</c> on every platform.
/// </summary>
internal abstract class RowWriter : IDisposable
{
    /// <summary>The size at which buffered text is passed on to the writer.</summary>
    protected const int ChunkSize = 1 << 15;

    /// <summary>Writes one row.</summary>
    /// <param name="step">The scheduler's <c>LastEpoch</c>.</param>
    /// <param name="lr">The scheduler's <c>LastLR</c>.</param>
    /// <param name="momentum">The scheduler's <c>LastMomentum</c>; written only when the writer was created with a momentum column.</param>
    public abstract void Write(long step, double lr, double? momentum = null);

    /// <summary>Ends the output and passes on what is buffered.</summary>
    public abstract void Complete();

    /// <inheritdoc />
    public virtual void Dispose()
    {
    }

    /// <summary>The learning rate in shortest round-trip form (<c>NaN</c>, <c>Infinity</c> and <c>-Infinity</c> for non-finite values).</summary>
    /// <param name="lr">The value.</param>
    /// <returns>The text.</returns>
    public static string Format(double lr) => lr.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>CSV: the header <c>step,lr</c> (or <c>step,lr,momentum</c>), then one line per row.</summary>
internal sealed class CsvRowWriter : RowWriter
{
    private readonly TextWriter _out;
    private readonly StringBuilder _buffer = new();
    private readonly bool _momentum;

    /// <summary>Creates the writer and writes the header.</summary>
    /// <param name="output">Where the text goes.</param>
    /// <param name="momentum">Whether rows carry a momentum column.</param>
    public CsvRowWriter(TextWriter output, bool momentum = false)
    {
        _out = output;
        _momentum = momentum;
        _buffer.Append(momentum ? "step,lr,momentum\n" : "step,lr\n");
    }

    /// <inheritdoc />
    public override void Write(long step, double lr, double? momentum = null)
    {
        _buffer.Append(step.ToString(CultureInfo.InvariantCulture)).Append(',').Append(Format(lr));
        if (_momentum)
        {
            _buffer.Append(',').Append(momentum is { } m ? Format(m) : string.Empty);
        }

        _buffer.Append('\n');
        if (_buffer.Length >= ChunkSize)
        {
            Pass();
        }
    }

    /// <inheritdoc />
    public override void Complete()
    {
        Pass();
        _out.Flush();
    }

    private void Pass()
    {
        foreach (var chunk in _buffer.GetChunks())
        {
            _out.Write(chunk.Span);
        }

        _buffer.Clear();
    }
}

/// <summary>
/// JSON: one array of <c>{"step": 0, "lr": 0.5}</c> objects on one line, then <c>\n</c>. Non-finite learning
/// rates, which JSON numbers cannot hold, are written as the strings <c>"NaN"</c>, <c>"Infinity"</c> and
/// <c>"-Infinity"</c> (System.Text.Json's named floating-point literals).
/// </summary>
internal sealed class JsonRowWriter : RowWriter
{
    private readonly TextWriter _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(ChunkSize * 2);
    private readonly Utf8JsonWriter _json;
    private readonly bool _momentum;

    /// <summary>Creates the writer and opens the array.</summary>
    /// <param name="output">Where the text goes.</param>
    /// <param name="momentum">Whether rows carry a <c>momentum</c> property.</param>
    public JsonRowWriter(TextWriter output, bool momentum = false)
    {
        _out = output;
        _momentum = momentum;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = false });
        _json.WriteStartArray();
    }

    /// <inheritdoc />
    public override void Write(long step, double lr, double? momentum = null)
    {
        _json.WriteStartObject();
        _json.WriteNumber("step", step);
        WriteNumber("lr", lr);
        if (_momentum && momentum is { } m)
        {
            WriteNumber("momentum", m);
        }

        _json.WriteEndObject();
        if (_json.BytesPending >= ChunkSize)
        {
            Pass();
        }
    }

    /// <inheritdoc />
    public override void Complete()
    {
        _json.WriteEndArray();
        Pass();
        _out.Write('\n');
        _out.Flush();
    }

    /// <inheritdoc />
    public override void Dispose() => _json.Dispose();

    private void WriteNumber(string name, double value)
    {
        if (double.IsFinite(value))
        {
            _json.WriteNumber(name, value);
        }
        else
        {
            _json.WriteString(name, Format(value));
        }
    }

    private void Pass()
    {
        _json.Flush();
        _out.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        _buffer.ResetWrittenCount();
    }
}
