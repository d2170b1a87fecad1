using Anneal.TorchSharp.Native;
using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests;

/// What the build step did to this test project's own output (the project imports Anneal.TorchSharp.targets).
public sealed class BuildOutputTests
{
    [LinuxX64Fact]
    public void The_output_copy_is_marked_weak_exactly_when_the_system_libstdcxx_lacks_the_version()
    {
        var expected = Shim.SystemLacksVersion ? VersionRequirement.Weak : VersionRequirement.Required;

        NativeLibraryFix.GetVersionRequirement(Shim.OutputCopy).ShouldBe(expected);
        NativeLibraryFix.FindTorchSharpNativeLibrary().ShouldBe(Shim.OutputCopy);
    }

    [LinuxX64Fact]
    public void The_output_copy_differs_from_the_package_file_in_at_most_the_flag()
    {
        var original = File.ReadAllBytes(Shim.Original);
        var output = File.ReadAllBytes(Shim.OutputCopy);
        var need = ElfFile.Parse(original).FindVersionNeed(GlibcxxWeakPatcher.DefaultVersion)!;

        var differing = ElfPatcherTests.DifferingOffsets(original, output);

        differing.ShouldBe(Shim.SystemLacksVersion ? [need.FlagsOffset] : []);
    }

    [LinuxX64Fact]
    public void The_nuget_cache_file_is_untouched()
    {
        NativeLibraryFix.GetVersionRequirement(Shim.Original).ShouldBe(VersionRequirement.Required);
        new FileInfo(Shim.OutputCopy).Length.ShouldBe(new FileInfo(Shim.Original).Length);
    }
}
