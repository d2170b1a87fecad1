using Anneal.TorchSharp.Tests.TestSupport;
using TorchSharp;

namespace Anneal.TorchSharp.Tests;

/// TorchSharp works in this test process with no manual step: on a system whose libstdc++ lacks GLIBCXX_3.4.32 this
/// passes only because the build step patched the shim in the build output.
public sealed class TorchTests
{
    [Fact]
    public void Tensor_arithmetic_works()
    {
        using var a = torch.tensor(new[] { 1f, 2f, 3f });
        using var b = torch.tensor(new[] { 0.5f, 0.25f, 2f });
        using var product = a * b + 1;
        using var sum = product.sum();

        sum.item<float>().ShouldBe(1.5f + 1.5f + 7f);
        product.data<float>().ToArray().ShouldBe([1.5f, 1.5f, 7f]);
    }

    [Fact]
    public void Matrix_product_works()
    {
        using var m = torch.arange(6, dtype: torch.float64).reshape(2, 3);
        using var p = m.matmul(m.t());

        p.data<double>().ToArray().ShouldBe([5.0, 14.0, 14.0, 50.0]);
    }

    [LinuxX64Fact]
    public void The_shim_torch_loaded_is_the_build_output_copy()
    {
        using var warmUp = torch.ones(1);

        // Loaded from bin/, not from the runtime fallback's cache or TorchSharp's "cpu" consolidation directory.
        NativeLibraryFix.LoadedTorchSharpNativeLibraries().ShouldBe([Shim.OutputCopy]);
        Directory.Exists(Path.Combine(AppContext.BaseDirectory, "cpu")).ShouldBeFalse();
    }
}
