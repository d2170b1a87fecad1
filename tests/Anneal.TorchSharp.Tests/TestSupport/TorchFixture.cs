using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Anneal.TorchSharp.Tests.TestSupport;

/// The tests that use torch run one at a time and alone: torch's random generator is global, and the sample and
/// checkpoint tests need their seeded runs to be undisturbed.
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchCollection
{
    public const string Name = "torch";
}

/// Tiny optimizers over tiny layers (2 → 1), disposed with the fixture.
internal sealed class TorchFixture : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public SGD Sgd(double lr = 0.1, double momentum = 0.9) => Own(optim.SGD(Layer().parameters(), lr, momentum));

    /// One param group per learning rate, each over its own layer.
    public SGD Sgd(double[] groupLrs, double momentum = 0.9)
        => Own(optim.SGD(groupLrs.Select(lr => new SGD.ParamGroup(Layer().parameters(), lr: lr, momentum: momentum)), groupLrs[0], momentum));

    public Adam Adam(double[] groupLrs, double beta1 = 0.9, double beta2 = 0.999)
        => Own(optim.Adam(groupLrs.Select(lr => new Adam.ParamGroup(Layer().parameters(), lr: lr, beta1: beta1, beta2: beta2)), groupLrs[0], beta1, beta2));

    public ASGD Asgd(double lr = 0.1) => Own(optim.ASGD(Layer().parameters(), lr));

    public Linear Layer() => Own(nn.Linear(2, 1));

    public static double[] Lrs(optim.Optimizer optimizer) => optimizer.ParamGroups.Select(g => g.LearningRate).ToArray();

    public static double[] Momenta(optim.Optimizer optimizer) => optimizer.ParamGroups.Select(g => ((optim.IMomentum)g).Momentum).ToArray();

    public static (double, double)[] Betas(optim.Optimizer optimizer) => optimizer.ParamGroups.Select(g => ((optim.IBetas)g).Betas).ToArray();

    public T Own<T>(T disposable) where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    public void Dispose()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            _owned[i].Dispose();
        }
    }
}

internal static class Close
{
    /// The tolerance for values worked out by hand from the formulas: |a - b| ≤ 1e-12 · max(1, |b|).
    public static void ShouldBeClose(this double actual, double expected)
        => Math.Abs(actual - expected).ShouldBeLessThanOrEqualTo(1e-12 * Math.Max(1.0, Math.Abs(expected)), $"{actual:R} vs {expected:R}");

    public static void ShouldBeClose(this IEnumerable<double> actual, params double[] expected)
    {
        var a = actual.ToArray();
        a.Length.ShouldBe(expected.Length);
        for (var i = 0; i < a.Length; i++)
        {
            a[i].ShouldBeClose(expected[i]);
        }
    }
}
