using Anneal.TorchSharp.Native;
using Anneal.TorchSharp.Tests.TestSupport;

namespace Anneal.TorchSharp.Tests;

/// The ELF patcher on synthetic images: what it flips, and everything it must leave alone.
public sealed class ElfPatcherTests
{
    private const string Version = GlibcxxWeakPatcher.DefaultVersion;

    [Fact]
    public void Patching_sets_only_the_weak_flag_of_that_requirement()
    {
        var original = SyntheticElf.TorchSharpLike().Build();
        var image = (byte[])original.Clone();

        GlibcxxWeakPatcher.PatchImage(image, Version, out var need).ShouldBe(PatchOutcome.Patched);

        need.ShouldNotBeNull();
        need.File.ShouldBe("libstdc++.so.6");
        need.Index.ShouldBe((ushort)3);
        need.Symbols.ShouldBe(["_ZSt21ios_base_library_initv"]);
        need.ReferencedSymbols.ShouldBeEmpty();
        ElfFile.U16(image, need.FlagsOffset).ShouldBe(ElfFile.VerFlgWeak);
        DifferingOffsets(original, image).ShouldBe([need.FlagsOffset]);

        var reread = ElfFile.Parse(image);
        reread.FindVersionNeed(Version)!.IsWeak.ShouldBeTrue();
        reread.FindVersionNeed("GLIBCXX_3.4")!.IsWeak.ShouldBeFalse();
        reread.FindVersionNeed("GLIBC_2.2.5")!.IsWeak.ShouldBeFalse();
    }

    [Fact]
    public void Patching_keeps_other_flag_bits()
    {
        var elf = SyntheticElf.TorchSharpLike();
        elf.Needs[1].Versions[1] = (Version, 0x8000, 3);
        var image = elf.Build();

        GlibcxxWeakPatcher.PatchImage(image, Version, out var need).ShouldBe(PatchOutcome.Patched);

        ElfFile.U16(image, need!.FlagsOffset).ShouldBe((ushort)0x8002);
    }

    [Fact]
    public void Patching_twice_is_a_no_op()
    {
        var image = SyntheticElf.TorchSharpLike().Build();
        GlibcxxWeakPatcher.PatchImage(image, Version, out _).ShouldBe(PatchOutcome.Patched);
        var once = (byte[])image.Clone();

        GlibcxxWeakPatcher.PatchImage(image, Version, out _).ShouldBe(PatchOutcome.AlreadyWeak);

        image.ShouldBe(once);
    }

    [Fact]
    public void A_file_that_does_not_need_the_version_is_left_alone()
    {
        var elf = new SyntheticElf();
        elf.Needs.Add(("libstdc++.so.6", [("GLIBCXX_3.4", 0, 2), ("GLIBCXX_3.4.30", 0, 3)]));
        elf.Symbols.Add(("_ZNSt8ios_base4InitC1Ev", 2));
        var image = elf.Build();
        var original = (byte[])image.Clone();

        GlibcxxWeakPatcher.PatchImage(image, Version, out var need).ShouldBe(PatchOutcome.NoRequirement);

        need.ShouldBeNull();
        image.ShouldBe(original);
    }

    [Fact]
    public void A_version_whose_symbols_are_relocated_is_not_marked_weak()
    {
        var elf = SyntheticElf.TorchSharpLike();
        elf.RelocatedSymbols.Add(2);
        var image = elf.Build();
        var original = (byte[])image.Clone();

        GlibcxxWeakPatcher.PatchImage(image, Version, out var need).ShouldBe(PatchOutcome.InUse);

        need!.ReferencedSymbols.ShouldBe(["_ZSt21ios_base_library_initv"]);
        image.ShouldBe(original);
    }

    [Fact]
    public void Needed_lists_the_dt_needed_entries_in_order()
    {
        var elf = ElfFile.Parse(SyntheticElf.TorchSharpLike().Build());

        elf.Needed().ShouldBe(["libstdc++.so.6", "libc.so.6"]);
        elf.Machine.ShouldBe((ushort)62);
    }

    [Fact]
    public void Version_definitions_are_read_from_gnu_version_d()
    {
        var elf = new SyntheticElf { Defines = ["libstdc++.so.6", "GLIBCXX_3.4", "GLIBCXX_3.4.30", "GLIBCXX_3.4.32"] };
        var parsed = ElfFile.Parse(elf.Build());

        parsed.DefinesVersion("GLIBCXX_3.4.32").ShouldBeTrue();
        parsed.DefinesVersion("GLIBCXX_3.4.30").ShouldBeTrue();
        parsed.DefinesVersion("GLIBCXX_3.4.3").ShouldBeFalse();
        parsed.DefinesVersion("GLIBCXX_3.4.33").ShouldBeFalse();
    }

    [Fact]
    public void A_needed_version_is_not_a_definition()
    {
        var elf = new SyntheticElf { Defines = ["libfoo.so.1"] };
        elf.Needs.Add(("libstdc++.so.6", [("GLIBCXX_3.4.32", 0, 2)]));

        ElfFile.Parse(elf.Build()).DefinesVersion("GLIBCXX_3.4.32").ShouldBeFalse();
    }

    [Fact]
    public void Without_gnu_version_d_the_dynamic_string_table_decides()
    {
        var with = new SyntheticElf { Defines = null };
        with.Symbols.Add(("f", 0));
        with.ExtraStrings.Add("GLIBCXX_3.4.32");
        var without = new SyntheticElf { Defines = null };
        without.Symbols.Add(("f", 0));
        without.ExtraStrings.Add("GLIBCXX_3.4.321");

        ElfFile.Parse(with.Build()).DefinesVersion("GLIBCXX_3.4.32").ShouldBeTrue();
        ElfFile.Parse(without.Build()).DefinesVersion("GLIBCXX_3.4.32").ShouldBeFalse();
    }

    [Theory]
    [InlineData("not elf")]
    [InlineData("elf32")]
    [InlineData("big-endian")]
    [InlineData("truncated")]
    [InlineData("section out of bounds")]
    public void Files_of_an_unexpected_shape_are_rejected(string shape)
    {
        var image = SyntheticElf.TorchSharpLike().Build();
        switch (shape)
        {
            case "not elf":
                image = "#!/bin/sh\necho this is not a shared library, but long enough to pass the size check\n"u8.ToArray();
                break;
            case "elf32":
                image[4] = 1;
                break;
            case "big-endian":
                image[5] = 2;
                break;
            case "truncated":
                image = image[..(image.Length - 100)];
                break;
            case "section out of bounds":
                // The .gnu.version_r section header (index 4): make its size run past the end of the file.
                var shoff = (int)ElfFile.U64(image, 0x28);
                BitConverter.GetBytes((ulong)image.Length).CopyTo(image, shoff + (4 * 64) + 32);
                break;
        }

        var copy = (byte[])image.Clone();

        Should.Throw<InvalidDataException>(() => GlibcxxWeakPatcher.PatchImage(copy, Version, out _));
        copy.ShouldBe(image);
    }

    internal static List<int> DifferingOffsets(byte[] a, byte[] b)
    {
        a.Length.ShouldBe(b.Length);
        var differing = new List<int>();
        for (var i = 0; i < a.Length; i++)
        {
            if (a[i] != b[i])
            {
                differing.Add(i);
            }
        }

        return differing;
    }
}
