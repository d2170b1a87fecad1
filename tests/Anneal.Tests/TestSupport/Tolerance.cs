namespace Anneal.Tests.TestSupport;

/// <summary>SPEC.md's policy: |a − b| ≤ 1e-12·max(1, |b|).</summary>
public static class Tolerance
{
    public const double Relative = 1e-12;

    public static void ShouldMatch(double actual, double expected, string? context = null)
    {
        var allowed = Relative * Math.Max(1.0, Math.Abs(expected));
        var ok = Math.Abs(actual - expected) <= allowed || (double.IsNaN(actual) && double.IsNaN(expected));
        ok.ShouldBeTrue($"{context}: expected {expected:R}, got {actual:R} (|diff| = {Math.Abs(actual - expected):R} > {allowed:R})");
    }
}
