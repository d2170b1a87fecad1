namespace Anneal;

/// <summary>
/// A spec (text or JSON) that cannot be turned into a schedule: malformed text, an unknown schedule or parameter,
/// a value of the wrong kind, or a value outside what the schedule allows. The message is one line that names the
/// position, the parameter, the value given and what is allowed.
/// </summary>
/// <remarks>
/// It derives from <see cref="ArgumentException"/>; <see cref="ArgumentException.ParamName"/> is the spec
/// parameter concerned (for example <c>T_max</c>), or <see langword="null"/> when the problem is not about one
/// parameter.
/// </remarks>
public sealed class SpecException : ArgumentException
{
    private readonly string _message;

    /// <summary>Creates the exception.</summary>
    /// <param name="message">The one-line description.</param>
    /// <param name="position">0-based character offset in the spec text, or -1 when not known (JSON input).</param>
    /// <param name="parameter">The spec parameter concerned, if any.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public SpecException(string message, int position = -1, string? parameter = null, Exception? innerException = null)
        : base(message, parameter, innerException)
    {
        _message = message;
        Position = position;
        Parameter = parameter;
    }

    /// <summary>0-based character offset in the spec text where the problem is, or -1 when not known.</summary>
    public int Position { get; }

    /// <summary>The spec parameter concerned (Paddle's name, e.g. <c>T_max</c>), if any.</summary>
    public string? Parameter { get; }

    /// <inheritdoc />
    public override string Message => _message;
}
