using System.Reflection;
using Anneal.TorchSharp.Native;

namespace Anneal.TorchSharp.Tests.TestSupport;

/// Where the shim is: the NuGet cache's original and the build output's copy.
internal static class Shim
{
    public static string PackageRoot => Metadata("TorchSharpPackageRoot");

    public static string TargetsFile => Path.GetFullPath(Metadata("AnnealTargetsFile"));

    public static string TorchSharpVersion => Path.GetFileName(PackageRoot.TrimEnd('/'));

    /// The unpatched original in the NuGet cache.
    public static string Original => Path.Combine(PackageRoot, "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName);

    /// The copy in this test assembly's build output.
    public static string OutputCopy => Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", GlibcxxWeakPatcher.LibraryFileName);

    public static bool IsLinuxX64 => OperatingSystem.IsLinux() && System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture == System.Runtime.InteropServices.Architecture.X64;

    /// True where the fix matters: Linux x64 with a libstdc++ that lacks GLIBCXX_3.4.32 (e.g. Debian 12).
    public static bool SystemLacksVersion => IsLinuxX64 && NativeLibraryFix.SystemLibStdCxxDefines() == false;

    private static string Metadata(string key) =>
        typeof(Shim).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
}

/// A fact that runs only on Linux x64.
internal sealed class LinuxX64FactAttribute : FactAttribute
{
    public LinuxX64FactAttribute()
    {
        if (!Shim.IsLinuxX64)
        {
            Skip = "Needs Linux x64 (TorchSharp's libLibTorchSharp.so).";
        }
    }
}

/// A fact that runs only where the fix is needed: the system libstdc++ lacks GLIBCXX_3.4.32.
internal sealed class OldLibStdCxxFactAttribute : FactAttribute
{
    public OldLibStdCxxFactAttribute()
    {
        if (!Shim.SystemLacksVersion)
        {
            Skip = "Needs Linux x64 with a libstdc++ that lacks GLIBCXX_3.4.32.";
        }
    }
}
