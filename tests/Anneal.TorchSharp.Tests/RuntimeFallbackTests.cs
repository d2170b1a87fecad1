using Anneal.TorchSharp.Native;
using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests;

/// The runtime fallback, end to end: a child process runs this test assembly from a mirror of its output directory
/// whose shim is the unpatched NuGet file (everything else is a symbolic link to the real output).
public sealed class RuntimeFallbackTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("anneal-fallback-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [LinuxX64Fact]
    public void In_this_process_the_fallback_had_nothing_to_do()
    {
        // The build output is already right (patched where needed), so the module initializer left it alone.
        NativeLibraryFix.EnsureTorchSharpLoadable().ShouldBeOneOf(TorchSharpNativeFixResult.NotNeeded, TorchSharpNativeFixResult.AlreadyLoaded);
    }

    [OldLibStdCxxFact]
    public void An_unpatched_shim_loads_through_the_fallback_and_fails_without_it()
    {
        var app = MirrorOutputWithUnpatchedShim();
        var cache = Path.Combine(_dir, "cache");
        var noPackages = Directory.CreateDirectory(Path.Combine(_dir, "no-packages")).FullName;
        NativeLibraryFix.GetVersionRequirement(Path.Combine(app, "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName))
            .ShouldBe(VersionRequirement.Required);

        // NUGET_PACKAGES points at an empty directory so that a failing TorchSharp does not copy libtorch (~0.5 GB)
        // from the NuGet cache into the mirror (its last-resort "consolidation").
        var environment = new Dictionary<string, string?>
        {
            [NativeLibraryFix.CacheDirectoryEnvironmentVariable] = cache,
            ["NUGET_PACKAGES"] = noPackages,
        };
        var fixedRun = Run(app, environment);

        fixedRun.ExitCode.ShouldBe(0, fixedRun.ToString());
        fixedRun.Output.ShouldContain("fix=LoadedPatchedCopy");
        fixedRun.Output.ShouldContain("value=12");
        var cached = Directory.GetFiles(cache, GlibcxxWeakPatcher.LibraryFileName, SearchOption.AllDirectories).ShouldHaveSingleItem();
        fixedRun.Output.ShouldContain("loaded=" + cached);
        NativeLibraryFix.GetVersionRequirement(cached).ShouldBe(VersionRequirement.Weak);

        var secondRun = Run(app, environment);
        secondRun.ExitCode.ShouldBe(0, secondRun.ToString());
        Directory.GetFiles(cache, "*", SearchOption.AllDirectories).ShouldBe([cached]);

        environment[NativeLibraryFix.OptOutEnvironmentVariable] = "0";
        var optedOut = Run(app, environment);
        optedOut.ExitCode.ShouldNotBe(0, optedOut.ToString());
        optedOut.Output.ShouldContain("fix=Disabled");
        optedOut.Output.ShouldNotContain("value=12");
    }

    private static ProcessResult Run(string app, Dictionary<string, string?> environment) =>
        ProcessRunner.Dotnet([Path.Combine(app, Path.GetFileName(typeof(Program).Assembly.Location)), Program.FallbackProbe], app, environment);

    private string MirrorOutputWithUnpatchedShim()
    {
        var source = AppContext.BaseDirectory.TrimEnd('/');
        var mirror = Path.Combine(_dir, "app");
        var main = Path.GetFileNameWithoutExtension(typeof(Program).Assembly.Location);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.StartsWith("cpu/", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(mirror, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            if (Path.GetFileName(relative) == GlibcxxWeakPatcher.LibraryFileName)
            {
                File.Copy(Shim.Original, target);
            }
            else if (Path.GetFileName(relative).StartsWith(main + ".", StringComparison.Ordinal))
            {
                // The host resolves the application's real path, so the app itself must be a real file here.
                File.Copy(file, target);
            }
            else
            {
                File.CreateSymbolicLink(target, file);
            }
        }

        return mirror;
    }
}
