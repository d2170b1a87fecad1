using static TorchSharp.torch;

namespace Anneal.TorchSharp;

/// <summary>
/// Where a cycled momentum goes in each param group: Adam-family <c>beta1</c> through <see cref="optim.IBetas"/>
/// (beta2 kept), else SGD-style momentum through <see cref="optim.IMomentum"/>. Betas come first, as in PyTorch
/// (<c>'betas' in optimizer.defaults</c>).
/// </summary>
internal sealed class MomentumTargets
{
    private readonly optim.IBetas?[] _betas;
    private readonly optim.IMomentum?[] _momenta;

    private MomentumTargets(optim.IBetas?[] betas, optim.IMomentum?[] momenta)
    {
        _betas = betas;
        _momenta = momenta;
    }

    /// <summary>Whether any group takes the value as Adam's beta1 (which must then stay below 1).</summary>
    public bool AnyBetas { get; private init; }

    /// <summary>The targets of every group, or an exception that says which group has neither and what to do.</summary>
    public static MomentumTargets Find(optim.Optimizer optimizer, optim.ILearningRateController[] groups, string scheduleName)
    {
        var betas = new optim.IBetas?[groups.Length];
        var momenta = new optim.IMomentum?[groups.Length];
        var anyBetas = false;
        for (var i = 0; i < groups.Length; i++)
        {
            betas[i] = groups[i] as optim.IBetas;
            momenta[i] = betas[i] is null ? groups[i] as optim.IMomentum : null;
            anyBetas |= betas[i] is not null;
            if (betas[i] is null && momenta[i] is null)
            {
                throw new ArgumentException(
                    $"{scheduleName} cycles the momentum, but param group {i} of the optimizer ({optimizer.GetType().Name}, group type {groups[i].GetType().Name}) has neither a momentum (IMomentum, as SGD and RMSProp have) nor betas (IBetas, as Adam, AdamW, NAdam, RAdam and Adamax have): pass cycleMomentum: false to leave the optimizer's momentum alone, or set cycle_momentum=False in the spec",
                    "optimizer");
            }
        }

        return new MomentumTargets(betas, momenta) { AnyBetas = anyBetas };
    }

    /// <summary>Why <paramref name="momentum"/> cannot be written, or null when it can.</summary>
    public string? Problem(double momentum)
    {
        if (!double.IsFinite(momentum) || momentum < 0)
        {
            return "a momentum must be finite and >= 0";
        }

        return AnyBetas && momentum >= 1 ? "Adam's beta1 must be in [0, 1)" : null;
    }

    /// <summary>Writes <paramref name="momentum"/> to every group. No allocation.</summary>
    public void Write(double momentum)
    {
        for (var i = 0; i < _betas.Length; i++)
        {
            if (_betas[i] is { } betas)
            {
                betas.Betas = (momentum, betas.Betas.Item2);
            }
            else
            {
                _momenta[i]!.Momentum = momentum;
            }
        }
    }
}
