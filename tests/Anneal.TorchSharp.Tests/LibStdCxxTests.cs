using System.Text;
using Anneal.TorchSharp.Native;
using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests;

/// Finding the system libstdc++ and reading the versions it defines.
public sealed class LibStdCxxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("anneal-libstdcxx-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [LinuxX64Fact]
    public void The_system_libstdcxx_is_found_and_is_the_one_this_process_uses()
    {
        var path = NativeLibraryFix.FindSystemLibStdCxx();

        path.ShouldNotBeNull();
        File.Exists(path).ShouldBeTrue();
        Path.GetFileName(path).ShouldStartWith("libstdc++.so.6");
        // The .NET host links libstdc++, so the mapped copy is known and comes first.
        var mapped = LibStdCxx.MappedPaths("libstdc++.so.6");
        mapped.ShouldNotBeEmpty();
        path.ShouldBe(mapped[0]);
    }

    [LinuxX64Fact]
    public void Version_detection_agrees_with_the_raw_bytes_of_the_library()
    {
        var path = NativeLibraryFix.FindSystemLibStdCxx()!;
        var bytes = File.ReadAllBytes(path);

        NativeLibraryFix.SystemLibStdCxxDefines("GLIBCXX_3.4").ShouldBe(true);
        NativeLibraryFix.SystemLibStdCxxDefines("CXXABI_1.3").ShouldBe(true);
        NativeLibraryFix.SystemLibStdCxxDefines("GLIBCXX_9.9.99").ShouldBe(false);
        NativeLibraryFix.SystemLibStdCxxDefines().ShouldBe(Contains(bytes, "\0GLIBCXX_3.4.32\0"));
        NativeLibraryFix.SystemLibStdCxxDefines("GLIBCXX_3.4.30").ShouldBe(Contains(bytes, "\0GLIBCXX_3.4.30\0"));
    }

    [LinuxX64Fact]
    public void On_this_machine_the_fix_is_needed_exactly_when_libstdcxx_lacks_the_version()
    {
        // Debian 12 ships libstdc++ up to GLIBCXX_3.4.30: there the fix must be active; elsewhere it must be idle.
        var lacks = NativeLibraryFix.SystemLibStdCxxDefines() == false;
        Shim.SystemLacksVersion.ShouldBe(lacks);
        if (File.Exists("/etc/debian_version") && File.ReadAllText("/etc/debian_version").StartsWith("12.", StringComparison.Ordinal)
            && !File.Exists("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.32") && !File.Exists("/usr/lib/x86_64-linux-gnu/libstdc++.so.6.0.33"))
        {
            lacks.ShouldBeTrue();
        }
    }

    [Fact]
    public void Paths_are_read_from_an_ld_so_cache_file()
    {
        var cache = Path.Combine(_dir, "ld.so.cache");
        var content = "glibc-ld.so.cache1.1\0\0\0\u0003\0libstdc++.so.6\0/usr/lib/x86_64-linux-gnu/libstdc++.so.6\0"
            + "libm.so.6\0/usr/lib/x86_64-linux-gnu/libm.so.6\0/usr/lib32/libstdc++.so.6\0/opt/libstdc++.so.60\0";
        File.WriteAllBytes(cache, Encoding.ASCII.GetBytes(content));

        LibStdCxx.LdSoCachePaths(cache, "libstdc++.so.6").ShouldBe(["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib32/libstdc++.so.6"]);
        LibStdCxx.LdSoCachePaths(Path.Combine(_dir, "missing"), "libstdc++.so.6").ShouldBeEmpty();
    }

    [Fact]
    public void A_synthetic_new_libstdcxx_defines_the_version_and_an_old_one_does_not()
    {
        var newer = Path.Combine(_dir, "new.so");
        var older = Path.Combine(_dir, "old.so");
        File.WriteAllBytes(newer, new SyntheticElf { Defines = ["libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.32"] }.Build());
        File.WriteAllBytes(older, new SyntheticElf { Defines = ["libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.30"] }.Build());

        LibStdCxx.DefinesVersion(newer, GlibcxxWeakPatcher.DefaultVersion).ShouldBeTrue();
        LibStdCxx.DefinesVersion(older, GlibcxxWeakPatcher.DefaultVersion).ShouldBeFalse();
    }

    private static bool Contains(byte[] haystack, string needle) =>
        haystack.AsSpan().IndexOf(Encoding.ASCII.GetBytes(needle)) >= 0;
}
