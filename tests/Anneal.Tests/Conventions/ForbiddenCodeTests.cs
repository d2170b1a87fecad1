using System.Text.RegularExpressions;

namespace Anneal.Tests.Conventions;

/// <summary>STYLE.md 7: the core library is silent and deterministic.</summary>
public partial class ForbiddenCodeTests
{
    [Fact]
    public void CoreLibrary_NeverWritesToTheConsole_NorUsesUnseededRandomness()
    {
        var offenders = new List<string>();
        foreach (var file in Directory.EnumerateFiles(RepositoryPaths.CoreSource, "*.cs", SearchOption.AllDirectories))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                if (Forbidden().IsMatch(lines[i]))
                {
                    offenders.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}:{i + 1}: {lines[i].Trim()}");
                }
            }
        }

        offenders.ShouldBeEmpty();
    }

    [Fact]
    public void CoreLibrary_HasNoPackageDependencies()
    {
        var project = File.ReadAllText(Path.Combine(RepositoryPaths.CoreSource, "Anneal.csproj"));

        project.ShouldNotContain("PackageReference");
        project.ShouldNotContain("ProjectReference");
    }

    [GeneratedRegex(@"\bConsole\.|new\s+Random\s*\(\s*\)|Random\.Shared|Environment\.Exit")]
    private static partial Regex Forbidden();
}

internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string CoreSource => Path.Combine(Root, "src", "Anneal");

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Anneal.slnx")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Anneal.slnx) above " + AppContext.BaseDirectory);
    }
}
