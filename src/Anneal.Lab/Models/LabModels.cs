using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Anneal.Lab.Models;

/// <summary>Builds the lab's models, with weights drawn from TorchSharp's generator (seed it first for a fixed start).</summary>
public static class LabModels
{
    /// <summary>Creates a model that maps a batch of images <c>[N, 1, 28, 28]</c> to 10 logits <c>[N, 10]</c>.</summary>
    /// <param name="kind">Which model.</param>
    /// <returns>The model, in training mode.</returns>
    public static Module<Tensor, Tensor> Create(ModelKind kind) => kind switch
    {
        ModelKind.Mlp => Sequential(
            ("flatten", Flatten()),
            ("fc1", Linear(784, 256)),
            ("relu1", ReLU()),
            ("fc2", Linear(256, 128)),
            ("relu2", ReLU()),
            ("fc3", Linear(128, 10))),
        ModelKind.Cnn => Sequential(
            ("conv1", Conv2d(1, 32, 3)),
            ("relu1", ReLU()),
            ("pool1", MaxPool2d(2)),
            ("conv2", Conv2d(32, 64, 3)),
            ("relu2", ReLU()),
            ("pool2", MaxPool2d(2)),
            ("flatten", Flatten()),
            ("fc1", Linear(1600, 128)),
            ("relu3", ReLU()),
            ("fc2", Linear(128, 10))),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "must be Mlp or Cnn"),
    };

    /// <summary>The model's name as the CLI spells it: <c>mlp</c> or <c>cnn</c>.</summary>
    /// <param name="kind">The model.</param>
    /// <returns>The name.</returns>
    public static string NameOf(ModelKind kind) => kind == ModelKind.Mlp ? "mlp" : "cnn";

    /// <summary>A short description for reports.</summary>
    /// <param name="kind">The model.</param>
    /// <returns>The description.</returns>
    public static string Describe(ModelKind kind) => kind == ModelKind.Mlp
        ? "MLP 784-256-128-10 (ReLU)"
        : "CNN conv3×3(32)-pool-conv3×3(64)-pool-1600-128-10 (ReLU)";
}
