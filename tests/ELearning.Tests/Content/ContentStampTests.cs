using System.Text.Json.Nodes;
using ELearning.Api.Content;
using ELearning.Tests.Support;

namespace ELearning.Tests.Content;

/// <summary>A content folder that passed validation is remembered by its hash; any change is validated in full again.</summary>
public sealed class ContentStampTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("elearning-stamp-").FullName;
    const string WardPhoto = "scenarios/confidentiality/fixture-ward-photo.json";
    string StampPath => Path.Combine(root, ".validated");

    public ContentStampTests() => ContentLoaderTests.CopyDirectory(ELearningApp.FixtureContent, root);

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public void Valid_content_is_stamped_with_its_hash_and_loads_the_same_catalog_from_the_stamp()
    {
        var first = ContentLoader.Load(root, new ContentStamp(StampPath));

        Assert.Equal(ContentStamp.Hash(root), File.ReadAllText(StampPath).Trim());
        var second = ContentLoader.Load(root, new ContentStamp(StampPath));
        Assert.Equal(first.Modules.Select(m => (m.Id, m.MaxScore, m.Cases.Length)), second.Modules.Select(m => (m.Id, m.MaxScore, m.Cases.Length)));
    }

    [Fact]
    public void Content_changed_after_its_stamp_is_validated_again_and_refused_when_invalid()
    {
        ContentLoader.Load(root, new ContentStamp(StampPath));
        var path = Path.Combine(root, WardPhoto);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json.AsObject().Remove("summary"); // a schema error, which only the schema pass finds
        File.WriteAllText(path, json.ToJsonString());

        var error = Assert.Throws<InvalidContentException>(() => ContentLoader.Load(root, new ContentStamp(StampPath)));

        Assert.Contains(error.Errors, e => e.File == WardPhoto && e.Path == "$" && e.Message == "'summary' is required.");
        Assert.Contains("'summary' is required.", error.Message); // the line a refused start prints
        Assert.NotEqual(ContentStamp.Hash(root), File.ReadAllText(StampPath).Trim()); // the old stamp stays: it no longer matches
    }

    [Fact]
    public void Content_changed_and_fixed_again_is_validated_and_stamped_anew()
    {
        ContentLoader.Load(root, new ContentStamp(StampPath));
        var path = Path.Combine(root, WardPhoto);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["summary"] = "A changed summary, still valid.";
        File.WriteAllText(path, json.ToJsonString());

        var catalog = ContentLoader.Load(root, new ContentStamp(StampPath));

        Assert.Equal(ContentStamp.Hash(root), File.ReadAllText(StampPath).Trim());
        Assert.Contains(catalog.Modules.SelectMany(m => m.Cases), c => c.Summary == "A changed summary, still valid.");
    }

    [Fact]
    public void Content_whose_hash_is_stamped_skips_the_schema_pass()
    {
        // Forge a stamp for content with a schema error: a load that trusts the stamp does not run the schema, so
        // it accepts the file; this is what keeps an unchanged start from validating again.
        var path = Path.Combine(root, WardPhoto);
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json.AsObject().Remove("summary");
        File.WriteAllText(path, json.ToJsonString());
        new ContentStamp(StampPath).Record(ContentStamp.Hash(root));

        ContentLoader.Load(root, new ContentStamp(StampPath));

        Assert.Throws<InvalidContentException>(() => ContentLoader.Load(root)); // without the stamp: the schema pass refuses it
    }

    [Fact]
    public void Invalid_content_is_never_stamped()
    {
        File.Delete(Path.Combine(root, "scenarios/discrimination/fixture-discrimination.json"));

        Assert.Throws<InvalidContentException>(() => ContentLoader.Load(root, new ContentStamp(StampPath)));

        Assert.False(File.Exists(StampPath));
    }
}
