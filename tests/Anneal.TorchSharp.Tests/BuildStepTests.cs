using Anneal.TorchSharp.Native;
using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests;

/// Anneal.TorchSharp.targets in real builds of a small console project (in a temporary directory) that references
/// the TorchSharp package, which carries libLibTorchSharp.so, and imports the targets.
public sealed class BuildStepTests : IDisposable
{
    private const string Marked = "Anneal: marked GLIBCXX_3.4.32 weak in";
    private readonly string _dir = Directory.CreateTempSubdirectory("anneal-buildstep-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [OldLibStdCxxFact]
    public void Build_and_publish_output_get_a_patched_copy_and_rebuilds_are_incremental()
    {
        var project = CreateProject();

        var first = Dotnet(project, "build");
        first.Output.ShouldContain(Marked);
        var output = Path.Combine(project, "bin", "Debug", "net10.0", "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName);
        ShouldBeThePatchedShim(output);
        ShouldBeThePatchedShim(Path.Combine(project, "obj", "Debug", "net10.0", "anneal-native", "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName));
        var built = File.GetLastWriteTimeUtc(output);

        var second = Dotnet(project, "build");
        second.Output.ShouldNotContain(Marked);
        ShouldBeThePatchedShim(output);
        File.GetLastWriteTimeUtc(output).ShouldBe(built);

        Dotnet(project, "publish", "-o", "publish");
        ShouldBeThePatchedShim(Path.Combine(project, "publish", "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName));

        Dotnet(project, "publish", "-r", "linux-x64", "--self-contained", "false", "-o", "publish-rid");
        ShouldBeThePatchedShim(Path.Combine(project, "publish-rid", GlibcxxWeakPatcher.LibraryFileName));

        NativeLibraryFix.GetVersionRequirement(Shim.Original).ShouldBe(VersionRequirement.Required);
    }

    [LinuxX64Fact]
    public void Nothing_changes_where_the_system_libstdcxx_has_the_version()
    {
        var project = CreateProject();
        var newLibStdCxx = Path.Combine(_dir, "libstdc++.so.6");
        File.WriteAllBytes(newLibStdCxx, new SyntheticElf { Defines = ["libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.30", "GLIBCXX_3.4.32"] }.Build());

        var result = Dotnet(project, "build", $"-p:_AnnealLibStdCxxPath={newLibStdCxx}");

        result.Output.ShouldNotContain(Marked);
        ShouldBeThePackageFile(Path.Combine(project, "bin", "Debug", "net10.0", "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName));
    }

    [OldLibStdCxxFact]
    public void The_property_turns_it_off_and_turning_it_on_replaces_a_hard_link_to_the_cache_without_writing_through()
    {
        var project = CreateProject();
        var output = Path.Combine(project, "bin", "Debug", "net10.0", "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName);

        // Opted out, with copy-local files hard-linked to the NuGet cache: the output is the package file itself.
        var optedOut = Dotnet(project, "build", "-p:AnnealPatchTorchSharpNative=false", "-p:CreateHardLinksForCopyLocalIfPossible=true");
        optedOut.Output.ShouldNotContain(Marked);
        ShouldBeThePackageFile(output);
        Directory.Exists(Path.Combine(project, "obj", "Debug", "net10.0", "anneal-native")).ShouldBeFalse();

        var patched = Dotnet(project, "build", "-p:CreateHardLinksForCopyLocalIfPossible=true");

        patched.Output.ShouldContain(Marked);
        ShouldBeThePatchedShim(output);
        NativeLibraryFix.GetVersionRequirement(Shim.Original).ShouldBe(VersionRequirement.Required);
    }

    private string CreateProject()
    {
        var project = Directory.CreateDirectory(Path.Combine(_dir, "App")).FullName;
        File.WriteAllText(Path.Combine(project, "App.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="TorchSharp" Version="{Shim.TorchSharpVersion}" />
              </ItemGroup>
              <Import Project="{Shim.TargetsFile}" />
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), "System.Console.WriteLine(typeof(TorchSharp.torch).Assembly.GetName().Name);\n");
        return project;
    }

    private static ProcessResult Dotnet(string project, params string[] arguments)
    {
        var result = ProcessRunner.Dotnet(
            [.. arguments, "-nologo", "-tl:off", "-v:m", "--disable-build-servers"],
            project,
            timeout: TimeSpan.FromMinutes(5));
        result.ExitCode.ShouldBe(0, result.ToString());
        return result;
    }

    private static void ShouldBeThePatchedShim(string path)
    {
        var original = File.ReadAllBytes(Shim.Original);
        var need = ElfFile.Parse(original).FindVersionNeed(GlibcxxWeakPatcher.DefaultVersion)!;
        ElfPatcherTests.DifferingOffsets(original, File.ReadAllBytes(path)).ShouldBe([need.FlagsOffset], path);
        NativeLibraryFix.GetVersionRequirement(path).ShouldBe(VersionRequirement.Weak);
    }

    private static void ShouldBeThePackageFile(string path) =>
        File.ReadAllBytes(path).ShouldBe(File.ReadAllBytes(Shim.Original), path);
}
