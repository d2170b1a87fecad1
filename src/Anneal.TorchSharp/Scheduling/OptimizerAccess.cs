using System.Runtime.CompilerServices;
using TorchSharp.Modules;
using TorchSharp.Utils;
using static TorchSharp.torch;

namespace Anneal.TorchSharp;

/// <summary>What the binding needs from a TorchSharp optimizer: its param groups, and whether it was disposed.</summary>
internal static class OptimizerAccess
{
    /// <summary>Refuses a null or disposed optimizer, before anything reads it.</summary>
    public static optim.Optimizer CheckUsable(optim.Optimizer? optimizer, string paramName = "optimizer")
    {
        ArgumentNullException.ThrowIfNull(optimizer, paramName);
        if (IsDisposed(optimizer))
        {
            throw Disposed(optimizer);
        }

        return optimizer;
    }

    /// <summary>
    /// TorchSharp 0.107 has no <c>IsDisposed</c>. Disposing one of its managed optimizers (SGD, Adam, ... all derive
    /// from <see cref="OptimizerHelper"/>) clears the per-parameter state, after which <c>state_dict()</c> and
    /// <c>step()</c> fail on the first parameter with a <see cref="KeyNotFoundException"/>.
    /// </summary>
    public static bool IsDisposed(optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper helper)
        {
            return false;
        }

        try
        {
            helper.state_dict();
            return false;
        }
        catch (KeyNotFoundException)
        {
            return true;
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void ThrowDisposed(optim.Optimizer optimizer) => throw Disposed(optimizer);

    public static ObjectDisposedException Disposed(optim.Optimizer optimizer) => new(
        optimizer.GetType().FullName,
        $"the optimizer ({optimizer.GetType().Name}) has been disposed: create the scheduler for a live optimizer");

    /// <summary>The param groups as a list; TorchSharp's optimizers keep them in a <see cref="List{T}"/>.</summary>
    public static optim.ILearningRateController[] Groups(optim.Optimizer optimizer, string paramName = "optimizer")
    {
        var groups = optimizer.ParamGroups?.ToArray() ?? [];
        if (groups.Length == 0)
        {
            throw new ArgumentException($"the optimizer ({optimizer.GetType().Name}) has no param groups", paramName);
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i] is null)
            {
                throw new ArgumentException($"the optimizer ({optimizer.GetType().Name}) has a null param group at index {i}", paramName);
            }
        }

        return groups;
    }

    /// <summary>
    /// The size of an <see cref="OptimizerHelper"/>'s per-parameter state, read without allocating, so that
    /// <c>step()</c> can tell a disposed optimizer (its state cleared) from a live one; null when unavailable.
    /// </summary>
    public static int? StateCount(optim.Optimizer optimizer)
    {
        if (optimizer is not OptimizerHelper helper)
        {
            return null;
        }

        try
        {
            return StateField(helper).Count;
        }
        catch (MissingMemberException)
        {
            // Another TorchSharp version without the field: step() then skips the check.
            return null;
        }
    }

    /// <summary><c>OptimizerHelper._state</c> (protected): the one observable sign of disposal.</summary>
    [UnsafeAccessor(UnsafeAccessorKind.Field, Name = "_state")]
    internal static extern ref OrderedDict<IntPtr, OptimizerState> StateField(OptimizerHelper optimizer);
}
