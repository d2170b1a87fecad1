using System.Text;

namespace Anneal.TorchSharp.Tests.TestSupport;

/// Builds small ELF64 little-endian shared-object images with just the sections the patcher reads:
/// .dynstr, .dynsym, .gnu.version, .gnu.version_r, optionally .gnu.version_d, .rela.dyn, .dynamic, .shstrtab.
internal sealed class SyntheticElf
{
    public ushort Machine { get; set; } = 62;

    /// Version requirements: file name, then (version, flags, index) for each Vernaux.
    public List<(string File, List<(string Version, ushort Flags, ushort Index)> Versions)> Needs { get; } = [];

    /// Version definitions (.gnu.version_d); null leaves the section out.
    public List<string>? Defines { get; set; }

    /// Undefined dynamic symbols after the null symbol: name and version index.
    public List<(string Name, ushort VersionIndex)> Symbols { get; } = [];

    /// Dynamic symbol indices (1-based, as in .dynsym) that a relocation refers to.
    public List<int> RelocatedSymbols { get; } = [];

    /// DT_NEEDED entries.
    public List<string> Needed { get; } = [];

    /// Extra strings for .dynstr (e.g. a version name without a version section).
    public List<string> ExtraStrings { get; } = [];

    /// The image of a typical TorchSharp-like shim: libstdc++ versions GLIBCXX_3.4 (index 2) and GLIBCXX_3.4.32
    /// (index 3), with one unreferenced symbol of the latter and one referenced symbol of the former.
    public static SyntheticElf TorchSharpLike()
    {
        var elf = new SyntheticElf();
        elf.Needs.Add(("libc.so.6", [("GLIBC_2.2.5", 0, 4)]));
        elf.Needs.Add(("libstdc++.so.6", [("GLIBCXX_3.4", 0, 2), ("GLIBCXX_3.4.32", 0, 3)]));
        elf.Symbols.Add(("_ZNSt8ios_base4InitC1Ev", 2));
        elf.Symbols.Add(("_ZSt21ios_base_library_initv", 3));
        elf.Symbols.Add(("malloc", 4));
        elf.RelocatedSymbols.Add(1);
        elf.RelocatedSymbols.Add(3);
        elf.Needed.Add("libstdc++.so.6");
        elf.Needed.Add("libc.so.6");
        return elf;
    }

    public byte[] Build()
    {
        var dynstr = new StringTable();
        foreach (var (file, versions) in Needs)
        {
            dynstr.Add(file);
            foreach (var v in versions)
            {
                dynstr.Add(v.Version);
            }
        }

        foreach (var name in Defines ?? [])
        {
            dynstr.Add(name);
        }

        foreach (var (name, _) in Symbols)
        {
            dynstr.Add(name);
        }

        foreach (var name in Needed.Concat(ExtraStrings))
        {
            dynstr.Add(name);
        }

        var dynsym = new Writer();
        dynsym.Zeros(24);
        foreach (var (name, _) in Symbols)
        {
            dynsym.U32(dynstr.Add(name)).U8(0x12).U8(0).U16(0).U64(0).U64(0);
        }

        var versym = new Writer();
        versym.U16(0);
        foreach (var (_, index) in Symbols)
        {
            versym.U16(index);
        }

        var verneed = new Writer();
        for (var n = 0; n < Needs.Count; n++)
        {
            var (file, versions) = Needs[n];
            var last = n == Needs.Count - 1;
            verneed.U16(1).U16((ushort)versions.Count).U32(dynstr.Add(file)).U32(16).U32(last ? 0u : (uint)(16 + (16 * versions.Count)));
            for (var a = 0; a < versions.Count; a++)
            {
                var (version, flags, index) = versions[a];
                verneed.U32(ElfHash(version)).U16(flags).U16(index).U32(dynstr.Add(version)).U32(a == versions.Count - 1 ? 0u : 16u);
            }
        }

        var verdef = new Writer();
        var defines = Defines ?? [];
        for (var d = 0; d < defines.Count; d++)
        {
            var last = d == defines.Count - 1;
            verdef.U16(1).U16(d == 0 ? (ushort)1 : (ushort)0).U16((ushort)(d + 1)).U16(1).U32(ElfHash(defines[d])).U32(20).U32(last ? 0u : 28u);
            verdef.U32(dynstr.Add(defines[d])).U32(0);
        }

        var rela = new Writer();
        foreach (var sym in RelocatedSymbols)
        {
            rela.U64((ulong)(0x1000 * sym)).U64(((ulong)sym << 32) | 7).U64(0);
        }

        var dynamic = new Writer();
        foreach (var name in Needed)
        {
            dynamic.U64(1).U64(dynstr.Add(name));
        }

        dynamic.U64(0).U64(0);

        // Sections: index, name, type, content, link, info, entsize.
        var sections = new List<(string Name, uint Type, byte[] Content, uint Link, uint Info, ulong EntSize)>
        {
            (".dynstr", 3, dynstr.Bytes(), 0, 0, 0),
            (".dynsym", 11, dynsym.Bytes(), 1, 1, 24),
            (".gnu.version", 0x6fffffff, versym.Bytes(), 2, 0, 2),
            (".gnu.version_r", 0x6ffffffe, verneed.Bytes(), 1, (uint)Needs.Count, 0),
            (".rela.dyn", 4, rela.Bytes(), 2, 0, 24),
            (".dynamic", 6, dynamic.Bytes(), 1, 0, 16),
        };
        if (Defines is not null)
        {
            sections.Add((".gnu.version_d", 0x6ffffffd, verdef.Bytes(), 1, (uint)defines.Count, 0));
        }

        var shstrtab = new StringTable();
        foreach (var s in sections)
        {
            shstrtab.Add(s.Name);
        }

        shstrtab.Add(".shstrtab");
        sections.Add((".shstrtab", 3, shstrtab.Bytes(), 0, 0, 0));

        var image = new Writer();
        image.Zeros(64);
        var offsets = new List<ulong>();
        foreach (var s in sections)
        {
            image.Align(8);
            offsets.Add((ulong)image.Length);
            image.Raw(s.Content);
        }

        image.Align(8);
        var shoff = (ulong)image.Length;
        image.Zeros(64);
        for (var i = 0; i < sections.Count; i++)
        {
            var s = sections[i];
            var flags = s.Name == ".shstrtab" ? 0UL : 2UL;
            image.U32(shstrtab.Add(s.Name)).U32(s.Type).U64(flags).U64(offsets[i]).U64(offsets[i]).U64((ulong)s.Content.Length)
                .U32(s.Link).U32(s.Info).U64(8).U64(s.EntSize);
        }

        var bytes = image.Bytes();
        byte[] ident = [0x7f, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0];
        ident.CopyTo(bytes, 0);
        var header = new Writer();
        header.U16(3).U16(Machine).U32(1).U64(0).U64(0).U64(shoff).U32(0).U16(64).U16(56).U16(0).U16(64)
            .U16((ushort)(sections.Count + 1)).U16((ushort)sections.Count);
        header.Bytes().CopyTo(bytes, 16);
        return bytes;
    }

    private static uint ElfHash(string name)
    {
        uint h = 0;
        foreach (var c in Encoding.ASCII.GetBytes(name))
        {
            h = (h << 4) + c;
            var g = h & 0xf0000000;
            if (g != 0)
            {
                h ^= g >> 24;
            }

            h &= ~g;
        }

        return h;
    }

    private sealed class StringTable
    {
        private readonly Dictionary<string, uint> _offsets = [];
        private readonly Writer _bytes = new();

        public StringTable() => _bytes.U8(0);

        public uint Add(string value)
        {
            if (!_offsets.TryGetValue(value, out var offset))
            {
                offset = (uint)_bytes.Length;
                _offsets[value] = offset;
                _bytes.Raw(Encoding.ASCII.GetBytes(value)).U8(0);
            }

            return offset;
        }

        public byte[] Bytes() => _bytes.Bytes();
    }

    private sealed class Writer
    {
        private readonly MemoryStream _stream = new();

        public int Length => (int)_stream.Length;

        public Writer U8(byte value)
        {
            _stream.WriteByte(value);
            return this;
        }

        public Writer U16(ushort value) => Raw(BitConverter.GetBytes(value));

        public Writer U32(uint value) => Raw(BitConverter.GetBytes(value));

        public Writer U64(ulong value) => Raw(BitConverter.GetBytes(value));

        public Writer Zeros(int count) => Raw(new byte[count]);

        public Writer Align(int alignment) => Zeros((alignment - (Length % alignment)) % alignment);

        public Writer Raw(byte[] bytes)
        {
            _stream.Write(bytes);
            return this;
        }

        public byte[] Bytes() => _stream.ToArray();
    }
}
