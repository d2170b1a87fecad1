namespace Anneal;

/// <summary>
/// A schedule of the PyTorch family (<c>torch.*</c> specs): it knows the optimizer group's base learning rate
/// <c>lr</c> (PyTorch's <c>initial_lr</c>), which <see cref="TorchSequentialLR"/> and
/// <see cref="TorchChainedScheduler"/> share with their children.
/// </summary>
internal interface ITorchSchedule
{
    /// <summary>The base learning rate (spec <c>lr</c>).</summary>
    double Lr { get; }
}
