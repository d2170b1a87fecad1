using Anneal.TorchSharp.Native;
using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests;

/// The patcher on copies of the real libLibTorchSharp.so from the NuGet cache, in a temporary directory.
public sealed class PatchFileTests : IDisposable
{
    private const string Version = GlibcxxWeakPatcher.DefaultVersion;
    private readonly string _dir = Directory.CreateTempSubdirectory("anneal-patch-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [LinuxX64Fact]
    public void The_real_shim_needs_the_version_only_for_an_unreferenced_symbol()
    {
        var need = ElfFile.Read(Shim.Original).FindVersionNeed(Version);

        need.ShouldNotBeNull();
        need.File.ShouldBe("libstdc++.so.6");
        need.IsWeak.ShouldBeFalse();
        need.Symbols.ShouldBe(["_ZSt21ios_base_library_initv"]);
        need.ReferencedSymbols.ShouldBeEmpty();
    }

    [LinuxX64Fact]
    public void Patching_a_copy_of_the_real_shim_flips_one_flag_and_is_then_up_to_date()
    {
        var source = Path.Combine(_dir, "source.so");
        var destination = Path.Combine(_dir, "out", GlibcxxWeakPatcher.LibraryFileName);
        File.Copy(Shim.Original, source);

        GlibcxxWeakPatcher.PatchFile(source, destination, Version, out var need).ShouldBe(PatchOutcome.Patched);

        var original = File.ReadAllBytes(Shim.Original);
        var patched = File.ReadAllBytes(destination);
        ElfPatcherTests.DifferingOffsets(original, patched).ShouldBe([need!.FlagsOffset]);
        NativeLibraryFix.GetVersionRequirement(destination).ShouldBe(VersionRequirement.Weak);
        File.ReadAllBytes(source).ShouldBe(original);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(destination).ShouldBe(File.GetUnixFileMode(source));
        }

        var written = File.GetLastWriteTimeUtc(destination);
        GlibcxxWeakPatcher.PatchFile(source, destination, Version, out _).ShouldBe(PatchOutcome.UpToDate);
        File.GetLastWriteTimeUtc(destination).ShouldBe(written);
        GlibcxxWeakPatcher.PatchFile(destination, destination, Version, out _).ShouldBe(PatchOutcome.AlreadyWeak);
        File.ReadAllBytes(destination).ShouldBe(patched);
        Directory.GetFiles(Path.GetDirectoryName(destination)!).ShouldBe([destination]);
    }

    [LinuxX64Fact]
    public void Patching_an_output_copy_that_is_a_hard_link_to_the_cache_breaks_the_link()
    {
        var cache = Path.Combine(_dir, "cache.so");
        var output = Path.Combine(_dir, "output.so");
        File.Copy(Shim.Original, cache);
        Link(cache, output).ShouldBe(0);

        GlibcxxWeakPatcher.PatchFile(output, output, Version, out _).ShouldBe(PatchOutcome.Patched);

        File.ReadAllBytes(cache).ShouldBe(File.ReadAllBytes(Shim.Original));
        NativeLibraryFix.GetVersionRequirement(cache).ShouldBe(VersionRequirement.Required);
        NativeLibraryFix.GetVersionRequirement(output).ShouldBe(VersionRequirement.Weak);
    }

    [LinuxX64Fact]
    public void An_outdated_destination_is_replaced()
    {
        var destination = Path.Combine(_dir, GlibcxxWeakPatcher.LibraryFileName);
        File.WriteAllText(destination, "stale");

        GlibcxxWeakPatcher.PatchFile(Shim.Original, destination, Version, out _).ShouldBe(PatchOutcome.Patched);

        NativeLibraryFix.GetVersionRequirement(destination).ShouldBe(VersionRequirement.Weak);
    }

    [Fact]
    public void A_file_of_an_unexpected_shape_is_not_written()
    {
        var source = Path.Combine(_dir, "source.so");
        var destination = Path.Combine(_dir, "destination.so");
        File.WriteAllText(source, new string('x', 200));

        Should.Throw<InvalidDataException>(() => GlibcxxWeakPatcher.PatchFile(source, destination, Version, out _));

        File.Exists(destination).ShouldBeFalse();
        NativeLibraryFix.GetVersionRequirement(source).ShouldBe(VersionRequirement.Unreadable);
    }

    private static int Link(string existing, string newPath)
    {
        using var ln = System.Diagnostics.Process.Start("ln", [existing, newPath]);
        ln.WaitForExit();
        return ln.ExitCode;
    }
}
