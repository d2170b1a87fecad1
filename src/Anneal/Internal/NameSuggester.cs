namespace Anneal.Internal;

/// <summary>Finds the nearest known name to a misspelt one, for "did you mean" hints.</summary>
internal static class NameSuggester
{
    /// <summary>
    /// Returns the candidate closest to <paramref name="name"/> (case-insensitive edit distance), or
    /// <see langword="null"/> when none is within <paramref name="maxDistance"/> edits.
    /// </summary>
    public static string? Nearest(string name, IEnumerable<string> candidates, int maxDistance = 2)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var d = Distance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }

        var allowed = Math.Max(maxDistance, name.Length / 4);
        return bestDistance <= allowed ? best : null;
    }

    /// <summary>Formats the hint: <c>; did you mean 'x'?</c>, or nothing.</summary>
    public static string Hint(string name, IEnumerable<string> candidates, int maxDistance = 2)
        => Nearest(name, candidates, maxDistance) is { } near ? $"; did you mean '{near}'?" : string.Empty;

    /// <summary>Optimal string alignment distance (Levenshtein plus adjacent transpositions).</summary>
    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
