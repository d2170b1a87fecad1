using System.Diagnostics.CodeAnalysis;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using Anneal.TorchSharp.Native;

namespace Anneal.TorchSharp;

/// <summary>
/// Makes TorchSharp's native shim, <c>libLibTorchSharp.so</c>, load on Linux systems whose libstdc++ is older than
/// the <see cref="GlibcxxVersion"/> it asks for, and reports on it.
/// </summary>
/// <remarks>
/// <para>
/// TorchSharp 0.107's shim needs <see cref="GlibcxxVersion"/> only for <c>std::ios_base_library_init()</c>, which no
/// relocation refers to, but the loader refuses the whole library where libstdc++ lacks the version. Setting
/// <c>VER_FLG_WEAK</c> on that one requirement makes it load.
/// </para>
/// <para>
/// The primary fix is a build step (<c>Anneal.TorchSharp.targets</c>) that puts such a copy in the build and publish
/// output. When an application still carries the unpatched file (built elsewhere, or with
/// <c>AnnealPatchTorchSharpNative=false</c>), <see cref="EnsureTorchSharpLoadable"/> is the runtime fallback: it
/// runs by itself when this assembly is first used, and can be called explicitly before the first <c>torch</c> call.
/// </para>
/// </remarks>
public static class NativeLibraryFix
{
    /// <summary>The libstdc++ symbol version TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks for.</summary>
    public const string GlibcxxVersion = GlibcxxWeakPatcher.DefaultVersion;

    /// <summary>
    /// Set this environment variable to <c>0</c> or <c>false</c> to turn the runtime fallback off.
    /// </summary>
    public const string OptOutEnvironmentVariable = "ANNEAL_PATCH_TORCHSHARP_NATIVE";

    /// <summary>
    /// The directory for the runtime fallback's patched copies; by default <c>$XDG_CACHE_HOME/anneal/torchsharp-native</c>
    /// (or <c>~/.cache/...</c>, else the temporary directory).
    /// </summary>
    public const string CacheDirectoryEnvironmentVariable = "ANNEAL_TORCHSHARP_NATIVE_CACHE";

    private const string TorchSharpLibraryName = "LibTorchSharp";

    private static readonly object Gate = new();
    private static TorchSharpNativeFixResult? s_result;
    private static IntPtr s_handle;

    /// <summary>The system <c>libstdc++.so.6</c>: the copy this process has mapped, else the one the loader would pick.</summary>
    /// <returns>The path, or null when not on Linux or none was found.</returns>
    public static string? FindSystemLibStdCxx()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var machine = CurrentMachine();
        return machine is null ? LibStdCxx.CandidatePaths().FirstOrDefault() : LibStdCxx.Find(machine.Value);
    }

    /// <summary>Whether the system <c>libstdc++.so.6</c> (see <see cref="FindSystemLibStdCxx"/>) defines <paramref name="version"/>.</summary>
    /// <param name="version">The version; by default <see cref="GlibcxxVersion"/>.</param>
    /// <returns>True or false; null when not on Linux or no readable libstdc++ was found.</returns>
    public static bool? SystemLibStdCxxDefines(string version = GlibcxxVersion)
    {
        ArgumentNullException.ThrowIfNull(version);
        var path = FindSystemLibStdCxx();
        if (path is null)
        {
            return null;
        }

        try
        {
            return LibStdCxx.DefinesVersion(path, version);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The <c>libLibTorchSharp.so</c> that a DllImport from TorchSharp finds first: in the application's native
    /// search directories (from its <c>.deps.json</c>), the application directory, then TorchSharp's directory.
    /// </summary>
    /// <returns>The path, or null when not on Linux or there is none.</returns>
    public static string? FindTorchSharpNativeLibrary()
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var directories = new List<string>();
        if (AppContext.GetData("NATIVE_DLL_SEARCH_DIRECTORIES") is string searchDirectories)
        {
            directories.AddRange(searchDirectories.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
        }

        directories.Add(AppContext.BaseDirectory);
        var torchSharpDirectory = Path.GetDirectoryName(TorchSharpAssembly.Location);
        if (!string.IsNullOrEmpty(torchSharpDirectory))
        {
            directories.Add(torchSharpDirectory);
        }

        return directories
            .Select(directory => Path.Combine(directory, GlibcxxWeakPatcher.LibraryFileName))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>The <c>libLibTorchSharp.so</c> files this process has loaded (mapped).</summary>
    /// <returns>The paths; empty before TorchSharp's first native call, or when not on Linux.</returns>
    public static IReadOnlyList<string> LoadedTorchSharpNativeLibraries() =>
        OperatingSystem.IsLinux() ? LibStdCxx.MappedPaths(GlibcxxWeakPatcher.LibraryFileName) : [];

    /// <summary>How the native library at <paramref name="path"/> needs <paramref name="version"/>.</summary>
    /// <param name="path">A <c>libLibTorchSharp.so</c>, e.g. from <see cref="FindTorchSharpNativeLibrary"/>.</param>
    /// <param name="version">The version; by default <see cref="GlibcxxVersion"/>.</param>
    /// <returns>The state.</returns>
    public static VersionRequirement GetVersionRequirement(string path, string version = GlibcxxVersion)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(version);
        try
        {
            var need = ElfFile.Read(path).FindVersionNeed(version);
            return need is null ? VersionRequirement.None : need.IsWeak ? VersionRequirement.Weak : VersionRequirement.Required;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return VersionRequirement.Unreadable;
        }
    }

    /// <summary>
    /// The runtime fallback. When TorchSharp has not loaded its shim yet, the shim it would load needs
    /// <see cref="GlibcxxVersion"/> strongly, and the system libstdc++ lacks it, this writes a copy with the
    /// requirement marked weak to a cache directory (see <see cref="CacheDirectoryEnvironmentVariable"/>), loads
    /// the shim's dependencies from their usual place and then that copy, and points TorchSharp's DllImports at it.
    /// TorchSharp's own load then finds the copy already loaded (same soname). Otherwise it does nothing.
    /// </summary>
    /// <remarks>Idempotent and thread-safe; the first call decides. It runs by itself when this assembly is first used.</remarks>
    /// <returns>What it did.</returns>
    public static TorchSharpNativeFixResult EnsureTorchSharpLoadable()
    {
        lock (Gate)
        {
            s_result ??= Fix();
            return s_result.Value;
        }
    }

    private static TorchSharpNativeFixResult Fix()
    {
        if (!OperatingSystem.IsLinux())
        {
            return TorchSharpNativeFixResult.NotNeeded;
        }

        var optOut = Environment.GetEnvironmentVariable(OptOutEnvironmentVariable);
        if (optOut is not null && (optOut == "0" || optOut.Equals("false", StringComparison.OrdinalIgnoreCase)))
        {
            return TorchSharpNativeFixResult.Disabled;
        }

        if (LoadedTorchSharpNativeLibraries().Count > 0)
        {
            return TorchSharpNativeFixResult.AlreadyLoaded;
        }

        var source = FindTorchSharpNativeLibrary();
        if (source is null)
        {
            return TorchSharpNativeFixResult.NotFound;
        }

        ElfFile elf;
        VersionNeed? need;
        try
        {
            elf = ElfFile.Read(source);
            need = elf.FindVersionNeed(GlibcxxVersion);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return TorchSharpNativeFixResult.Failed;
        }

        if (need is null || need.IsWeak)
        {
            return TorchSharpNativeFixResult.NotNeeded;
        }

        var libStdCxx = LibStdCxx.Find(elf.Machine);
        try
        {
            if (libStdCxx is null || LibStdCxx.DefinesVersion(libStdCxx, GlibcxxVersion))
            {
                return TorchSharpNativeFixResult.NotNeeded;
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return TorchSharpNativeFixResult.NotNeeded;
        }

        try
        {
            var hash = Convert.ToHexString(SHA256.HashData(elf.Data), 0, 8).ToLowerInvariant();
            var patched = Path.Combine(CacheDirectory(), hash, GlibcxxWeakPatcher.LibraryFileName);
            if (GlibcxxWeakPatcher.PatchFile(source, patched, GlibcxxVersion, out _) is not (PatchOutcome.Patched or PatchOutcome.UpToDate))
            {
                return TorchSharpNativeFixResult.Failed;
            }

            // The copy's RUNPATH ($ORIGIN) is the cache directory, so load its dependencies from the shim's own
            // directory first; the loader then matches the copy's DT_NEEDED entries by soname.
            var directory = Path.GetDirectoryName(source)!;
            foreach (var needed in elf.Needed())
            {
                var candidate = Path.Combine(directory, needed);
                if (File.Exists(candidate))
                {
                    NativeLibrary.TryLoad(candidate, out _);
                }
            }

            if (!NativeLibrary.TryLoad(patched, out s_handle))
            {
                return TorchSharpNativeFixResult.Failed;
            }

            try
            {
                NativeLibrary.SetDllImportResolver(TorchSharpAssembly, Resolve);
            }
            catch (InvalidOperationException)
            {
                // Someone else set TorchSharp's resolver: TorchSharp still finds the copy by soname.
            }

            return TorchSharpNativeFixResult.LoadedPatchedCopy;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return TorchSharpNativeFixResult.Failed;
        }
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath) =>
        libraryName == TorchSharpLibraryName ? s_handle : IntPtr.Zero;

    private static string CacheDirectory()
    {
        var configured = Environment.GetEnvironmentVariable(CacheDirectoryEnvironmentVariable);
        if (!string.IsNullOrEmpty(configured))
        {
            return configured;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(xdg) && Path.IsPathRooted(xdg))
        {
            return Path.Combine(xdg, "anneal", "torchsharp-native");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return !string.IsNullOrEmpty(home) && Directory.Exists(home)
            ? Path.Combine(home, ".cache", "anneal", "torchsharp-native")
            : Path.Combine(Path.GetTempPath(), "anneal-" + Environment.UserName, "torchsharp-native");
    }

    private static Assembly TorchSharpAssembly => typeof(global::TorchSharp.torch).Assembly;

    private static ushort? CurrentMachine() => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 62,
        Architecture.Arm64 => 183,
        _ => null,
    };

    [SuppressMessage("Usage", "CA2255:The 'ModuleInitializer' attribute should not be used in libraries", Justification = "The fallback must run before TorchSharp loads its native library, and any code of this assembly may be the first to touch TorchSharp.")]
    [ModuleInitializer]
    internal static void RunAtModuleLoad()
    {
        try
        {
            EnsureTorchSharpLoadable();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A failed fallback must not break the assembly; TorchSharp then reports the load failure itself.
        }
    }
}

/// <summary>How a native library needs a symbol version (see <see cref="NativeLibraryFix.GetVersionRequirement"/>).</summary>
public enum VersionRequirement
{
    /// <summary>It does not ask for the version.</summary>
    None,

    /// <summary>It asks for the version and the loader refuses it where the version is missing.</summary>
    Required,

    /// <summary>It asks for the version weakly (<c>VER_FLG_WEAK</c>): it loads where the version is missing.</summary>
    Weak,

    /// <summary>The file cannot be read or is not a 64-bit little-endian ELF file.</summary>
    Unreadable,
}

/// <summary>What <see cref="NativeLibraryFix.EnsureTorchSharpLoadable"/> did.</summary>
public enum TorchSharpNativeFixResult
{
    /// <summary>Nothing to do: not Linux, the shim needs the version weakly or not at all, or libstdc++ has it.</summary>
    NotNeeded,

    /// <summary>Turned off by <see cref="NativeLibraryFix.OptOutEnvironmentVariable"/>.</summary>
    Disabled,

    /// <summary>TorchSharp had already loaded its shim; too late to change which one.</summary>
    AlreadyLoaded,

    /// <summary>No <c>libLibTorchSharp.so</c> was found where TorchSharp looks.</summary>
    NotFound,

    /// <summary>A patched copy was written (or found) in the cache directory and loaded.</summary>
    LoadedPatchedCopy,

    /// <summary>The fallback was needed but failed (unexpected file, unwritable cache, load error).</summary>
    Failed,
}
