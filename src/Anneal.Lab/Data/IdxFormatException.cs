namespace Anneal.Lab.Data;

/// <summary>An IDX file that is not what it claims to be: bad magic number, wrong sizes, truncated, or not gzip.</summary>
/// <remarks>The message names the file and what was expected, e.g.
/// <c>train-images-idx3-ubyte.gz: truncated: the header promises 47,040,000 bytes of data, the file has 1,000</c>.</remarks>
public sealed class IdxFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What is wrong, naming the file.</param>
    /// <param name="innerException">The underlying exception, if any.</param>
    public IdxFormatException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
