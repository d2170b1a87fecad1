namespace Anneal.Cli;

/// <summary>Bad input found while a command runs: <see cref="AnnealApp"/> prints <c>error: </c> and the message, and exits with 2.</summary>
internal sealed class CliException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line that names the parameter, the value given and what is allowed.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public CliException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
