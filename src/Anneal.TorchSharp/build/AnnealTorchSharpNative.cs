// The ELF code behind Anneal's TorchSharp native fix, in one file with two users:
//  - the Anneal.TorchSharp library compiles it (with ANNEAL_TORCHSHARP_LIBRARY defined) for NativeLibraryFix,
//    the runtime fallback;
//  - Anneal.TorchSharp.targets compiles it with RoslynCodeTaskFactory (against netstandard 2.0, without that
//    symbol) for the build step, the AnnealMarkGlibcxxWeak task at the end of this file.
// So it uses only netstandard 2.0 APIs (no Span, no BinaryPrimitives) and explicit usings.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
#if !ANNEAL_TORCHSHARP_LIBRARY
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
#endif

namespace Anneal.TorchSharp.Native;

/// <summary>One version requirement (a Vernaux entry of <c>.gnu.version_r</c>) of an ELF file.</summary>
internal sealed class VersionNeed
{
    /// <summary>The version name, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
    public string Version { get; set; } = "";

    /// <summary>The library the version is needed from (<c>vn_file</c>), e.g. <c>libstdc++.so.6</c>.</summary>
    public string File { get; set; } = "";

    /// <summary>The file offset of the two-byte <c>vna_flags</c> field.</summary>
    public int FlagsOffset { get; set; }

    /// <summary>The current <c>vna_flags</c>.</summary>
    public ushort Flags { get; set; }

    /// <summary>The version index (<c>vna_other</c>) that <c>.gnu.version</c> uses for symbols of this version.</summary>
    public ushort Index { get; set; }

    /// <summary>Whether <c>VER_FLG_WEAK</c> is set.</summary>
    public bool IsWeak => (Flags & ElfFile.VerFlgWeak) != 0;

    /// <summary>The dynamic symbols bound to this version.</summary>
    public List<string> Symbols { get; } = new List<string>();

    /// <summary>Those of <see cref="Symbols"/> that a relocation refers to, i.e. that the loader must resolve.</summary>
    public List<string> ReferencedSymbols { get; } = new List<string>();
}

/// <summary>
/// A read-only view of an ELF64 little-endian file (x86-64, AArch64, ...): just enough to read and flip the
/// flags of symbol version requirements, read version definitions and list <c>DT_NEEDED</c>.
/// </summary>
internal sealed class ElfFile
{
    /// <summary><c>VER_FLG_WEAK</c>: a missing version is not an error for the dynamic loader.</summary>
    public const ushort VerFlgWeak = 0x2;

    private const uint ShtRela = 4;
    private const uint ShtDynamic = 6;
    private const uint ShtRel = 9;
    private const uint ShtDynsym = 11;
    private const uint ShtGnuVerdef = 0x6ffffffd;
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const uint ShtGnuVersym = 0x6fffffff;
    private const long DtNeeded = 1;

    private readonly byte[] _data;
    private readonly Section[] _sections;

    private ElfFile(byte[] data, ushort machine, Section[] sections)
    {
        _data = data;
        Machine = machine;
        _sections = sections;
    }

    /// <summary>The <c>e_machine</c> field (62 = x86-64, 183 = AArch64).</summary>
    public ushort Machine { get; }

    /// <summary>Parses the headers of an ELF64 little-endian image.</summary>
    /// <exception cref="InvalidDataException">The image is not ELF64 little-endian with section headers, or is truncated.</exception>
    public static ElfFile Parse(byte[] data)
    {
        if (data is null)
        {
            throw new ArgumentNullException(nameof(data));
        }

        if (data.Length < 64 || data[0] != 0x7f || data[1] != (byte)'E' || data[2] != (byte)'L' || data[3] != (byte)'F')
        {
            throw new InvalidDataException("not an ELF file");
        }

        if (data[4] != 2 || data[5] != 1)
        {
            throw new InvalidDataException("not a 64-bit little-endian ELF file");
        }

        var machine = U16(data, 0x12);
        var shoff = U64(data, 0x28);
        var shentsize = U16(data, 0x3a);
        long shnum = U16(data, 0x3c);
        if (shoff == 0 || shentsize < 64)
        {
            throw new InvalidDataException("no section headers");
        }

        Check(data, shoff, 64);
        if (shnum == 0)
        {
            // More than 0xff00 sections: the count lives in section 0's sh_size.
            shnum = checked((long)U64(data, (int)shoff + 32));
        }

        Check(data, shoff, checked((ulong)shnum * shentsize));
        var sections = new Section[shnum];
        for (var i = 0; i < shnum; i++)
        {
            var at = checked((int)shoff + (i * shentsize));
            var section = new Section(
                U32(data, at + 4),
                U64(data, at + 24),
                U64(data, at + 32),
                U32(data, at + 40),
                U32(data, at + 44),
                U64(data, at + 56));
            if (section.Type != 8)
            {
                // SHT_NOBITS (.bss) occupies no file bytes; every other section must lie inside the file.
                Check(data, section.Offset, section.Size);
            }

            sections[i] = section;
        }

        return new ElfFile(data, machine, sections);
    }

    /// <summary>Reads and parses a file.</summary>
    /// <exception cref="InvalidDataException">See <see cref="Parse(byte[])"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static ElfFile Read(string path) => Parse(System.IO.File.ReadAllBytes(path));

    /// <summary>The raw bytes (not a copy).</summary>
    public byte[] Data => _data;

    /// <summary>The requirement of <paramref name="version"/> in <c>.gnu.version_r</c>, or null if there is none.</summary>
    public VersionNeed? FindVersionNeed(string version)
    {
        VersionNeed? found = null;
        for (var s = 0; s < _sections.Length && found is null; s++)
        {
            var section = _sections[s];
            if (section.Type != ShtGnuVerneed)
            {
                continue;
            }

            var strtab = StringTable(section.Link);
            var end = section.Offset + section.Size;
            var at = section.Offset;
            // sh_info holds the entry count; without it, follow vn_next to the end.
            var entries = section.Info == 0 ? uint.MaxValue : section.Info;
            for (uint n = 0; n < entries && found is null; n++)
            {
                Check(_data, at, 16, end);
                var count = U16(_data, (int)at + 2);
                var file = ReadString(strtab, U32(_data, (int)at + 4));
                var auxAt = at + U32(_data, (int)at + 8);
                for (var a = 0; a < count; a++)
                {
                    Check(_data, auxAt, 16, end);
                    var name = ReadString(strtab, U32(_data, (int)auxAt + 8));
                    if (name == version)
                    {
                        found = new VersionNeed
                        {
                            Version = name,
                            File = file,
                            FlagsOffset = checked((int)auxAt + 4),
                            Flags = U16(_data, (int)auxAt + 4),
                            Index = U16(_data, (int)auxAt + 6),
                        };
                        break;
                    }

                    var auxNext = U32(_data, (int)auxAt + 12);
                    if (auxNext == 0)
                    {
                        break;
                    }

                    auxAt += auxNext;
                }

                var next = U32(_data, (int)at + 12);
                if (next == 0)
                {
                    break;
                }

                at += next;
            }
        }

        if (found is not null)
        {
            FindSymbols(found);
        }

        return found;
    }

    /// <summary>
    /// Whether this file defines <paramref name="version"/> (in <c>.gnu.version_d</c>; without that section, whether
    /// the name appears in the dynamic string table).
    /// </summary>
    public bool DefinesVersion(string version)
    {
        var sawVerdef = false;
        foreach (var section in _sections)
        {
            if (section.Type != ShtGnuVerdef)
            {
                continue;
            }

            sawVerdef = true;
            var strtab = StringTable(section.Link);
            var end = section.Offset + section.Size;
            var at = section.Offset;
            var entries = section.Info == 0 ? uint.MaxValue : section.Info;
            for (uint n = 0; n < entries; n++)
            {
                Check(_data, at, 20, end);
                var count = U16(_data, (int)at + 6);
                var auxAt = at + U32(_data, (int)at + 12);
                for (var a = 0; a < count; a++)
                {
                    Check(_data, auxAt, 8, end);
                    if (ReadString(strtab, U32(_data, (int)auxAt)) == version)
                    {
                        return true;
                    }

                    var auxNext = U32(_data, (int)auxAt + 4);
                    if (auxNext == 0)
                    {
                        break;
                    }

                    auxAt += auxNext;
                }

                var next = U32(_data, (int)at + 16);
                if (next == 0)
                {
                    break;
                }

                at += next;
            }
        }

        if (sawVerdef)
        {
            return false;
        }

        foreach (var section in _sections)
        {
            if (section.Type == ShtDynsym && ContainsString(StringTable(section.Link), version))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The <c>DT_NEEDED</c> entries, in order.</summary>
    public List<string> Needed()
    {
        var needed = new List<string>();
        foreach (var section in _sections)
        {
            if (section.Type != ShtDynamic)
            {
                continue;
            }

            var strtab = StringTable(section.Link);
            for (var at = section.Offset; at + 16 <= section.Offset + section.Size; at += 16)
            {
                var tag = (long)U64(_data, (int)at);
                if (tag == 0)
                {
                    break;
                }

                if (tag == DtNeeded)
                {
                    needed.Add(ReadString(strtab, (uint)U64(_data, (int)at + 8)));
                }
            }
        }

        return needed;
    }

    private void FindSymbols(VersionNeed need)
    {
        for (var s = 0; s < _sections.Length; s++)
        {
            var versym = _sections[s];
            if (versym.Type != ShtGnuVersym || versym.Link >= _sections.Length)
            {
                continue;
            }

            var dynsymIndex = versym.Link;
            var dynsym = _sections[dynsymIndex];
            var strtab = StringTable(dynsym.Link);
            var entsize = dynsym.EntSize == 0 ? 24UL : dynsym.EntSize;
            var count = Math.Min(versym.Size / 2, dynsym.Size / entsize);
            var mine = new HashSet<ulong>();
            for (ulong i = 0; i < count; i++)
            {
                if ((U16(_data, (int)(versym.Offset + (i * 2))) & 0x7fff) == need.Index)
                {
                    mine.Add(i);
                    need.Symbols.Add(ReadString(strtab, U32(_data, (int)(dynsym.Offset + (i * entsize)))));
                }
            }

            if (mine.Count == 0)
            {
                continue;
            }

            var referenced = new HashSet<ulong>();
            foreach (var rel in _sections)
            {
                if ((rel.Type != ShtRela && rel.Type != ShtRel) || rel.Link != dynsymIndex)
                {
                    continue;
                }

                var relEnt = rel.EntSize != 0 ? rel.EntSize : rel.Type == ShtRela ? 24UL : 16UL;
                for (var at = rel.Offset; at + relEnt <= rel.Offset + rel.Size; at += relEnt)
                {
                    var sym = U64(_data, (int)at + 8) >> 32;
                    if (mine.Contains(sym) && referenced.Add(sym))
                    {
                        need.ReferencedSymbols.Add(ReadString(strtab, U32(_data, (int)(dynsym.Offset + (sym * entsize)))));
                    }
                }
            }
        }
    }

    private Section StringTable(uint index)
    {
        if (index >= _sections.Length)
        {
            throw new InvalidDataException("section link out of range");
        }

        return _sections[index];
    }

    private string ReadString(Section strtab, ulong offset)
    {
        if (offset >= strtab.Size)
        {
            throw new InvalidDataException("string offset out of range");
        }

        var start = (int)(strtab.Offset + offset);
        var limit = (int)(strtab.Offset + strtab.Size);
        var end = start;
        while (end < limit && _data[end] != 0)
        {
            end++;
        }

        return Encoding.ASCII.GetString(_data, start, end - start);
    }

    private bool ContainsString(Section strtab, string value)
    {
        var needle = Encoding.ASCII.GetBytes(value);
        var start = (int)strtab.Offset;
        var limit = (int)(strtab.Offset + strtab.Size);
        for (var at = start; at + needle.Length < limit; at++)
        {
            if ((at == start || _data[at - 1] == 0) && _data[at + needle.Length] == 0 && Matches(at, needle))
            {
                return true;
            }
        }

        return false;
    }

    private bool Matches(int at, byte[] needle)
    {
        for (var i = 0; i < needle.Length; i++)
        {
            if (_data[at + i] != needle[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void Check(byte[] data, ulong offset, ulong length, ulong? end = null)
    {
        var limit = end ?? (ulong)data.Length;
        if (limit > (ulong)data.Length || offset > limit || length > limit - offset)
        {
            throw new InvalidDataException("ELF structure out of bounds");
        }
    }

    internal static ushort U16(byte[] data, int at) => (ushort)(data[at] | (data[at + 1] << 8));

    internal static uint U32(byte[] data, int at) => (uint)(data[at] | (data[at + 1] << 8) | (data[at + 2] << 16) | (data[at + 3] << 24));

    internal static ulong U64(byte[] data, int at) => U32(data, at) | ((ulong)U32(data, at + 4) << 32);

    private readonly struct Section
    {
        public Section(uint type, ulong offset, ulong size, uint link, uint info, ulong entSize)
        {
            Type = type;
            Offset = offset;
            Size = size;
            Link = link;
            Info = info;
            EntSize = entSize;
        }

        public uint Type { get; }

        public ulong Offset { get; }

        public ulong Size { get; }

        public uint Link { get; }

        public uint Info { get; }

        public ulong EntSize { get; }
    }
}

/// <summary>What <see cref="GlibcxxWeakPatcher.PatchFile"/> did.</summary>
internal enum PatchOutcome
{
    /// <summary>The destination now holds a patched copy (it was written).</summary>
    Patched,

    /// <summary>The destination already held exactly the patched copy; nothing was written.</summary>
    UpToDate,

    /// <summary>The source already has the flag; nothing was written.</summary>
    AlreadyWeak,

    /// <summary>The source needs no such version; nothing was written.</summary>
    NoRequirement,

    /// <summary>
    /// A relocation refers to a symbol of that version, so the loader would still need it; marking the version weak
    /// would only move the failure. Nothing was written.
    /// </summary>
    InUse,
}

/// <summary>Sets <c>VER_FLG_WEAK</c> on one version requirement of an ELF file, writing a new file.</summary>
internal static class GlibcxxWeakPatcher
{
    /// <summary>The version that TorchSharp 0.107's <c>libLibTorchSharp.so</c> asks libstdc++ for, only for the
    /// relocation-free <c>std::ios_base_library_init()</c>.</summary>
    public const string DefaultVersion = "GLIBCXX_3.4.32";

    /// <summary>The native shim's file name on Linux.</summary>
    public const string LibraryFileName = "libLibTorchSharp.so";

    /// <summary>Patches <paramref name="image"/> in place.</summary>
    /// <exception cref="InvalidDataException">The image is not the expected shape.</exception>
    public static PatchOutcome PatchImage(byte[] image, string version, out VersionNeed? need)
    {
        need = ElfFile.Parse(image).FindVersionNeed(version);
        if (need is null)
        {
            return PatchOutcome.NoRequirement;
        }

        if (need.IsWeak)
        {
            return PatchOutcome.AlreadyWeak;
        }

        if (need.ReferencedSymbols.Count > 0)
        {
            return PatchOutcome.InUse;
        }

        var flags = (ushort)(need.Flags | ElfFile.VerFlgWeak);
        image[need.FlagsOffset] = (byte)flags;
        image[need.FlagsOffset + 1] = (byte)(flags >> 8);
        return PatchOutcome.Patched;
    }

    /// <summary>
    /// Writes a copy of <paramref name="source"/> with <paramref name="version"/> marked weak to
    /// <paramref name="destination"/>, unless the destination already holds exactly that. The source is never
    /// written. The destination is replaced by renaming a new file over it, so a hard link it was (to the NuGet
    /// cache, say) is broken rather than written through. <paramref name="destination"/> may equal
    /// <paramref name="source"/>.
    /// </summary>
    /// <exception cref="InvalidDataException">The source is not the expected shape.</exception>
    /// <exception cref="IOException">A file cannot be read or written.</exception>
    public static PatchOutcome PatchFile(string source, string destination, string version, out VersionNeed? need)
    {
        var image = File.ReadAllBytes(source);
        var outcome = PatchImage(image, version, out need);
        if (outcome != PatchOutcome.Patched)
        {
            return outcome;
        }

        if (File.Exists(destination) && SameContent(destination, image))
        {
            return PatchOutcome.UpToDate;
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(destination))!;
        Directory.CreateDirectory(directory);
        var temp = Path.Combine(directory, "." + Path.GetFileName(destination) + "." + Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            // Copying first keeps the source's permission bits; only the two flag bytes are then written.
            File.Copy(source, temp, true);
            using (var stream = new FileStream(temp, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
            {
                if (stream.Length != image.Length)
                {
                    throw new IOException($"{source} changed while it was being patched");
                }

                stream.Position = need!.FlagsOffset;
                stream.Write(image, need.FlagsOffset, 2);
            }

            if (!SameContent(temp, image))
            {
                throw new IOException($"{source} changed while it was being patched");
            }

            ReplaceAtomically(temp, destination);
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }

        return PatchOutcome.Patched;
    }

    /// <summary>Moves <paramref name="temp"/> over <paramref name="destination"/> with one rename.</summary>
    private static void ReplaceAtomically(string temp, string destination)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (File.Exists(destination))
                {
                    File.Replace(temp, destination, null, true);
                }
                else
                {
                    File.Move(temp, destination);
                }

                return;
            }
            catch (IOException) when (attempt < 3)
            {
                // Another build created or replaced the destination meanwhile; try again.
            }
        }
    }

    private static bool SameContent(string path, byte[] expected)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length != expected.Length)
        {
            return false;
        }

        var buffer = new byte[1 << 16];
        var at = 0;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != expected[at + i])
                {
                    return false;
                }
            }

            at += read;
        }

        return at == expected.Length;
    }
}

/// <summary>Finds the system's <c>libstdc++.so.6</c> and reads the versions it defines.</summary>
internal static class LibStdCxx
{
    /// <summary>The soname.</summary>
    public const string SoName = "libstdc++.so.6";

    private static readonly string[] CommonDirectories =
    {
        "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib/aarch64-linux-gnu", "/lib/aarch64-linux-gnu",
        "/usr/lib64", "/lib64", "/usr/lib", "/lib", "/usr/local/lib64", "/usr/local/lib",
    };

    /// <summary>
    /// Candidate paths, best first: the copy this process has mapped (what the loader picked for it), those that
    /// <c>/etc/ld.so.cache</c> lists, then the usual directories. Only existing files are returned.
    /// </summary>
    public static List<string> CandidatePaths()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>();
        void Add(string path)
        {
            if (seen.Add(path) && File.Exists(path))
            {
                result.Add(path);
            }
        }

        foreach (var mapped in MappedPaths(SoName))
        {
            Add(mapped);
        }

        foreach (var cached in LdSoCachePaths("/etc/ld.so.cache", SoName))
        {
            Add(cached);
        }

        foreach (var directory in CommonDirectories)
        {
            Add(directory + "/" + SoName);
        }

        return result;
    }

    /// <summary>The first candidate built for <paramref name="machine"/> (<c>e_machine</c>), or null.</summary>
    public static string? Find(ushort machine)
    {
        foreach (var path in CandidatePaths())
        {
            try
            {
                if (ElfFile.Read(path).Machine == machine)
                {
                    return path;
                }
            }
            catch (Exception e) when (e is IOException || e is InvalidDataException || e is UnauthorizedAccessException)
            {
                // Not a readable ELF64 file: try the next one.
            }
        }

        return null;
    }

    /// <summary>Whether the library at <paramref name="path"/> defines <paramref name="version"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not ELF64 little-endian.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static bool DefinesVersion(string path, string version) => ElfFile.Read(path).DefinesVersion(version);

    /// <summary>Paths of files named <paramref name="fileNamePrefix"/>* that this process has mapped.</summary>
    public static List<string> MappedPaths(string fileNamePrefix)
    {
        var result = new List<string>();
        try
        {
            foreach (var line in File.ReadAllLines("/proc/self/maps"))
            {
                var slash = line.IndexOf('/');
                if (slash < 0)
                {
                    continue;
                }

                var path = line.Substring(slash);
                if (Path.GetFileName(path).StartsWith(fileNamePrefix, StringComparison.Ordinal) && !result.Contains(path))
                {
                    result.Add(path);
                }
            }
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            // No procfs: nothing is known to be mapped.
        }

        return result;
    }

    /// <summary>The absolute paths in an <c>ld.so.cache</c> file whose file name is <paramref name="fileName"/>.</summary>
    public static List<string> LdSoCachePaths(string cacheFile, string fileName)
    {
        var result = new List<string>();
        byte[] data;
        try
        {
            data = File.ReadAllBytes(cacheFile);
        }
        catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
        {
            return result;
        }

        // Both cache formats keep the paths as NUL-terminated strings; the entries point at them. Scanning the
        // strings avoids depending on the entry layout, which differs between formats and glibc versions.
        var suffix = "/" + fileName;
        var start = 0;
        for (var i = 0; i <= data.Length; i++)
        {
            if (i < data.Length && data[i] != 0)
            {
                continue;
            }

            if (i - start > suffix.Length && data[start] == (byte)'/')
            {
                var text = Encoding.UTF8.GetString(data, start, i - start);
                if (text.EndsWith(suffix, StringComparison.Ordinal) && !result.Contains(text))
                {
                    result.Add(text);
                }
            }

            start = i + 1;
        }

        return result;
    }
}

#if !ANNEAL_TORCHSHARP_LIBRARY
/// <summary>
/// The build step: for each <c>libLibTorchSharp.so</c> in <see cref="Files"/> (metadata <c>PatchedPath</c> says
/// where its patched copy goes), when it needs <see cref="Version"/> strongly and the system libstdc++ lacks it,
/// writes a copy with the requirement marked weak and returns the item in <see cref="Patched"/>.
/// </summary>
public sealed class AnnealMarkGlibcxxWeak : Task
{
    /// <summary>The native libraries; metadata <c>PatchedPath</c> is where the patched copy goes.</summary>
    [Required]
    public ITaskItem[] Files { get; set; } = Array.Empty<ITaskItem>();

    /// <summary>The version to mark weak.</summary>
    public string Version { get; set; } = GlibcxxWeakPatcher.DefaultVersion;

    /// <summary>Overrides the search for the system libstdc++ (for tests).</summary>
    public string? LibStdCxxPath { get; set; }

    /// <summary>The items of <see cref="Files"/> whose patched copy is at their <c>PatchedPath</c>.</summary>
    [Output]
    public ITaskItem[] Patched { get; set; } = Array.Empty<ITaskItem>();

    /// <inheritdoc />
    public override bool Execute()
    {
        var patched = new List<ITaskItem>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? libStdCxx = null;
        bool? systemHasVersion = null;
        foreach (var item in Files)
        {
            var source = item.GetMetadata("FullPath");
            var destination = item.GetMetadata("PatchedPath");
            if (!seen.Add(source + "\n" + destination))
            {
                continue;
            }

            if (string.IsNullOrEmpty(destination))
            {
                Log.LogError($"Anneal: {source} has no PatchedPath metadata.");
                continue;
            }

            try
            {
                var elf = ElfFile.Read(source);
                var need = elf.FindVersionNeed(Version);
                if (need is null)
                {
                    Log.LogMessage(MessageImportance.Low, $"Anneal: {source} does not need {Version}; left as is.");
                    continue;
                }

                if (need.IsWeak)
                {
                    Log.LogMessage(MessageImportance.Low, $"Anneal: {source} already needs {Version} weakly; left as is.");
                    continue;
                }

                if (systemHasVersion is null)
                {
                    libStdCxx = string.IsNullOrEmpty(LibStdCxxPath) ? LibStdCxx.Find(elf.Machine) : LibStdCxxPath;
                    if (libStdCxx is null)
                    {
                        Log.LogMessage(MessageImportance.Normal, $"Anneal: found no {LibStdCxx.SoName} for ELF machine {elf.Machine}; {source} left as is.");
                        systemHasVersion = true;
                    }
                    else
                    {
                        systemHasVersion = LibStdCxx.DefinesVersion(libStdCxx, Version);
                    }
                }

                if (systemHasVersion == true)
                {
                    Log.LogMessage(MessageImportance.Low, $"Anneal: {libStdCxx} defines {Version}; {source} left as is.");
                    continue;
                }

                var outcome = GlibcxxWeakPatcher.PatchFile(source, destination, Version, out need);
                switch (outcome)
                {
                    case PatchOutcome.Patched:
                        Log.LogMessage(MessageImportance.High, $"Anneal: marked {Version} weak in {destination} (system libstdc++ {libStdCxx} lacks it)");
                        patched.Add(item);
                        break;
                    case PatchOutcome.UpToDate:
                        Log.LogMessage(MessageImportance.Low, $"Anneal: {destination} is up to date ({Version} marked weak).");
                        patched.Add(item);
                        break;
                    case PatchOutcome.InUse:
                        Log.LogWarning(
                            null, "ANNEAL0002", null, source, 0, 0, 0, 0,
                            $"Anneal: {source} binds {string.Join(", ", need!.ReferencedSymbols)} to {Version}, which the system libstdc++ {libStdCxx} lacks; marking the version weak would not make it load, so it was left as is.");
                        break;
                    default:
                        break;
                }
            }
            catch (Exception e) when (e is InvalidDataException || e is IOException || e is UnauthorizedAccessException)
            {
                Log.LogWarning(
                    null, "ANNEAL0001", null, source, 0, 0, 0, 0,
                    $"Anneal: could not mark {Version} weak in {source} ({e.Message}); left as is.");
            }
        }

        Patched = patched.ToArray();
        return !Log.HasLoggedErrors;
    }
}
#endif
