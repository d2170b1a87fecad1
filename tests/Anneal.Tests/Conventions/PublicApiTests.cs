using PublicApiGenerator;

namespace Anneal.Tests.Conventions;

/// <summary>
/// STYLE.md 10: the public API is frozen by a checked-in snapshot. When a change to the API is intended, copy
/// <c>Anneal.received.txt</c> over <c>Anneal.approved.txt</c> (both in tests/Anneal.Tests/Conventions).
/// </summary>
public class PublicApiTests
{
    [Fact]
    public void PublicApi_MatchesTheApprovedSnapshot()
    {
        var api = typeof(Schedule).Assembly.GeneratePublicApi(new ApiGeneratorOptions
        {
            ExcludeAttributes = ["System.Runtime.Versioning.TargetFrameworkAttribute", "System.Reflection.AssemblyMetadataAttribute"],
        }).ReplaceLineEndings("\n");
        var folder = Path.Combine(RepositoryPaths.Root, "tests", "Anneal.Tests", "Conventions");
        var approvedPath = Path.Combine(folder, "Anneal.approved.txt");
        var receivedPath = Path.Combine(folder, "Anneal.received.txt");
        var approved = File.Exists(approvedPath) ? File.ReadAllText(approvedPath).ReplaceLineEndings("\n") : string.Empty;

        if (api != approved)
        {
            File.WriteAllText(receivedPath, api);
        }
        else if (File.Exists(receivedPath))
        {
            File.Delete(receivedPath);
        }

        api.ShouldBe(approved, "the public API changed; if intended, copy Anneal.received.txt over Anneal.approved.txt");
    }
}
