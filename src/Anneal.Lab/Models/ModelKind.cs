namespace Anneal.Lab.Models;

/// <summary>The lab's models.</summary>
public enum ModelKind
{
    /// <summary>A multilayer perceptron 784-256-128-10 with ReLU: about 0.8 s per epoch of full Fashion-MNIST on 2 cores.</summary>
    Mlp,

    /// <summary>A small CNN: two 3×3 convolutions (32 and 64 channels) each with ReLU and 2×2 max-pooling, then 1600-128-10: about 12 s per epoch.</summary>
    Cnn,
}
