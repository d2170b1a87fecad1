using Anneal.Lab.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace Anneal.Lab.Training;

/// <summary>
/// A data set as tensors: images as <c>float32 [N, 1, 28, 28]</c> normalized with Fashion-MNIST's mean and standard
/// deviation, labels as <c>int64 [N]</c>. Dispose it to free the tensors.
/// </summary>
public sealed class LabTensors : IDisposable
{
    /// <summary>The mean pixel value of Fashion-MNIST's training images (0–1 scale).</summary>
    public const float Mean = 0.2860f;

    /// <summary>The standard deviation of Fashion-MNIST's training pixels (0–1 scale).</summary>
    public const float Std = 0.3530f;

    /// <summary>Converts a data set.</summary>
    /// <param name="data">The data.</param>
    public LabTensors(FashionMnist data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Anneal.TorchSharp.NativeLibraryFix.EnsureTorchSharpLoadable();
        (TrainX, TrainY) = Convert(data.Train);
        (TestX, TestY) = Convert(data.Test);
    }

    /// <summary>The training images.</summary>
    public Tensor TrainX { get; }

    /// <summary>The training labels.</summary>
    public Tensor TrainY { get; }

    /// <summary>The test images.</summary>
    public Tensor TestX { get; }

    /// <summary>The test labels.</summary>
    public Tensor TestY { get; }

    /// <summary>The number of training images.</summary>
    public long TrainCount => TrainY.shape[0];

    /// <inheritdoc />
    public void Dispose()
    {
        TrainX.Dispose();
        TrainY.Dispose();
        TestX.Dispose();
        TestY.Dispose();
    }

    private static (Tensor X, Tensor Y) Convert(DataSplit split)
    {
        var pixels = new float[split.Pixels.Length];
        for (var i = 0; i < pixels.Length; i++)
        {
            pixels[i] = ((split.Pixels[i] / 255f) - Mean) / Std;
        }

        var labels = new long[split.Count];
        for (var i = 0; i < labels.Length; i++)
        {
            labels[i] = split.Labels[i];
        }

        return (tensor(pixels, [split.Count, 1, FashionMnist.Side, FashionMnist.Side]), tensor(labels, [split.Count]));
    }
}
