using System.IO.Compression;
using System.Net;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using System.Xml;
using System.Xml.Schema;
using ELearning.Api.Content;
using ELearning.Api.Lms.Packages;
using ELearning.Api.Tracking;
using ELearning.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace ELearning.Tests.Lms;

public sealed class PackageTests : IAsyncLifetime
{
    const string Base = "https://learning.example.nhs.uk/social-media/";
    readonly ELearningApp app = new(settings: new Dictionary<string, string?>
    {
        ["App:PublicBaseUrl"] = Base, ["Lms:PackageTitle"] = "Social media: a trust's title", ["Lms:AllowedOrigins:0"] = "https://lms.northshire.nhs.uk",
    });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Theory]
    [InlineData("/api/lms/cmi5.zip")]
    [InlineData("/api/lms/tincan.zip")]
    [InlineData("/api/lms/scorm12.zip?trust=Northshire")]
    public async Task Packages_are_for_administrators_only(string url)
    {
        var asha = await app.SignInAsync();

        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await asha.Http.GetAsync(url)).StatusCode);
    }

    [Fact]
    public async Task The_cmi5_package_has_one_au_per_module_with_absolute_launch_urls_under_the_base()
    {
        var zip = await DownloadAsync("/api/lms/cmi5.zip");

        Assert.Equal(["cmi5.xml"], zip.Entries.Select(e => e.FullName));
        var manifest = Xml(zip, "cmi5.xml");
        var ns = Cmi5Package.Ns;
        Assert.Equal(ns + "courseStructure", manifest.Root!.Name);
        Assert.Equal("Social media: a trust's title", manifest.Root.Element(ns + "course")!.Element(ns + "title")!.Element(ns + "langstring")!.Value);
        var aus = manifest.Root.Elements(ns + "au").ToList();
        Assert.Equal(4, aus.Count);
        Assert.All(aus, au =>
        {
            Assert.Equal("CompletedAndPassed", au.Attribute("moveOn")!.Value);
            Assert.Equal("0.7", au.Attribute("masteryScore")!.Value);
            var url = new Uri(au.Element(ns + "url")!.Value);
            Assert.True(url.IsAbsoluteUri);
            Assert.StartsWith(Base + "lms/cmi5/", url.ToString());
            Assert.False(string.IsNullOrWhiteSpace(au.Element(ns + "title")!.Element(ns + "langstring")!.Value));
        });
        Assert.Equal(4, aus.Select(a => a.Attribute("id")!.Value).Distinct().Count());
    }

    [Fact]
    public async Task The_tin_can_package_has_one_launchable_activity_whose_page_forwards_to_the_player()
    {
        var zip = await DownloadAsync("/api/lms/tincan.zip");

        var manifest = Xml(zip, "tincan.xml");
        var ns = TinCanPackage.Ns;
        var launchable = manifest.Descendants(ns + "activity").Where(a => a.Element(ns + "launch") is not null).ToList();
        var launch = Assert.Single(launchable).Element(ns + "launch")!.Value;
        Assert.NotNull(zip.GetEntry(launch));
        var page = Text(zip, launch);
        Assert.Contains(Base + "lms/tincan", page);
        Assert.Contains("window.location.search", page);
    }

    [Fact]
    public async Task The_scorm_package_has_a_sco_per_module_and_every_referenced_file()
    {
        var zip = await DownloadAsync("/api/lms/scorm12.zip?trust=" + Uri.EscapeDataString("Northshire NHS <Trust>"));

        var manifest = Xml(zip, "imsmanifest.xml");
        var ims = ScormPackage.Ims;
        var adlcp = ScormPackage.Adlcp;
        Assert.Equal("ADL SCORM", manifest.Descendants(ims + "schema").Single().Value);
        Assert.Equal("1.2", manifest.Descendants(ims + "schemaversion").Single().Value);
        var scos = manifest.Descendants(ims + "resource").Where(r => r.Attribute(adlcp + "scormtype")?.Value == "sco").ToList();
        Assert.Equal(4, scos.Count);
        var referenced = manifest.Descendants().Select(e => e.Attribute("href")?.Value).OfType<string>().Distinct();
        Assert.All(referenced, href => Assert.NotNull(zip.GetEntry(href)));
        var items = manifest.Descendants(ims + "item").ToList();
        Assert.All(items, i => Assert.Contains(scos, s => s.Attribute("identifier")!.Value == i.Attribute("identifierref")!.Value));
        Assert.All(items, i => Assert.Equal("70", i.Element(adlcp + "masteryscore")!.Value));
        var config = Text(zip, "sco/config.js");
        Assert.Contains($"\"apiBase\":\"{Base}\"", config);
        Assert.Contains("Northshire NHS \\u003CTrust\\u003E", config);
        Assert.DoesNotContain("<Trust>", Text(zip, "confidentiality.html"));
        Assert.Matches("\"packageKey\":\"[A-Za-z0-9_-]{40,}\"", config);
    }

    [Fact]
    public async Task Each_scorm_download_carries_its_own_key()
    {
        var first = Text(await DownloadAsync("/api/lms/scorm12.zip?trust=A"), "sco/config.js");
        var second = Text(await DownloadAsync("/api/lms/scorm12.zip?trust=A"), "sco/config.js");

        Assert.NotEqual(Regex.Match(first, "packageKey\":\"([^\"]+)").Groups[1].Value, Regex.Match(second, "packageKey\":\"([^\"]+)").Groups[1].Value);
    }

    [Fact]
    public async Task A_scorm_package_needs_a_trust_name()
    {
        var response = await app.AdminClient().GetAsync("/api/lms/scorm12.zip");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Every_package_names_the_course_and_modules_by_the_ids_their_statements_use()
    {
        var ids = app.Services.GetRequiredService<ProfileSettings>();
        var modules = app.Services.GetRequiredService<Catalog>().Modules;
        var moduleIris = modules.Select(m => Activities.ModuleIri(ids, m)).ToList();

        var cmi5 = Xml(await DownloadAsync("/api/lms/cmi5.zip"), "cmi5.xml");
        var tincan = Xml(await DownloadAsync("/api/lms/tincan.zip"), "tincan.xml");
        var scorm = Xml(await DownloadAsync("/api/lms/scorm12.zip?trust=Northshire"), "imsmanifest.xml");

        Assert.Equal(ids.CourseIri, cmi5.Root!.Element(Cmi5Package.Ns + "course")!.Attribute("id")!.Value);
        Assert.Equal(moduleIris, cmi5.Root.Elements(Cmi5Package.Ns + "au").Select(a => a.Attribute("id")!.Value));
        var activities = tincan.Descendants(TinCanPackage.Ns + "activity").ToList();
        Assert.Equal(ids.CourseIri, activities.Single(a => a.Element(TinCanPackage.Ns + "launch") is not null).Attribute("id")!.Value);
        Assert.Equal(moduleIris, activities.Where(a => a.Element(TinCanPackage.Ns + "launch") is null).Select(a => a.Attribute("id")!.Value));
        Assert.Equal(moduleIris, scorm.Descendants(ScormPackage.Adlcp + "datafromlms").Select(e => e.Value));
        // The same ids the profile's module statements carry: {base}modules/{id}.
        Assert.All(moduleIris, iri => Assert.StartsWith(Base + "xapi/activities/modules/", iri));
    }

    [Fact]
    public async Task The_scorm_manifest_is_valid_against_the_schema_files_the_package_ships()
    {
        var zip = await DownloadAsync("/api/lms/scorm12.zip?trust=Northshire");
        foreach (var name in new[] { "imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd" })
            Assert.NotNull(zip.GetEntry(name));

        // What a strict importer does: compile the schemas the package ships (imports resolved inside the package, the
        // xml: attributes from its ims_xml.xsd rather than the framework's own, which lacks xml:base), then validate the
        // manifest refusing any error or warning, including an element no schema knows.
        var folder = Directory.CreateTempSubdirectory("scorm-package-").FullName;
        try
        {
            zip.ExtractToDirectory(folder);
            var problems = new List<string>();
            var schemas = new XmlSchemaSet { XmlResolver = new PackageResolver() };
            schemas.ValidationEventHandler += (_, e) => problems.Add($"schema {e.Severity}: {e.Message}");
            schemas.Add(ScormPackage.Ims.NamespaceName, Path.Combine(folder, "imscp_rootv1p1p2.xsd"));
            schemas.Add(ScormPackage.Adlcp.NamespaceName, Path.Combine(folder, "adlcp_rootv1p2.xsd"));
            schemas.Compile();
            var settings = new XmlReaderSettings
            {
                ValidationType = ValidationType.Schema, DtdProcessing = DtdProcessing.Prohibit, Schemas = schemas,
                ValidationFlags = XmlSchemaValidationFlags.ReportValidationWarnings,
            };
            settings.ValidationEventHandler += (_, e) => problems.Add($"{e.Severity}: {e.Message} (line {e.Exception?.LineNumber})");
            using (var reader = XmlReader.Create(Path.Combine(folder, "imsmanifest.xml"), settings))
                while (reader.Read()) { }
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
        finally { Directory.Delete(folder, recursive: true); }
    }

    [Fact]
    public async Task No_scorm_package_is_issued_while_no_lms_origin_is_allowed()
    {
        await using var closed = new ELearningApp();

        var response = await closed.AdminClient().GetAsync("/api/lms/scorm12.zip?trust=Northshire");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Lms:AllowedOrigins", await response.Content.ReadAsStringAsync());
        Assert.Equal("[]", await closed.AdminClient().GetStringAsync("/api/admin/lms/packages")); // no key was issued either
    }

    /// <summary>
    /// Resolves the schemas' imports to the package's files. ADL's ims_xml.xsd also binds the default namespace to the
    /// xml namespace, which Namespaces in XML forbids and .NET's parser refuses; that declaration is never used, so it is
    /// dropped as the file is read (the package ships the file as ADL has it).
    /// </summary>
    sealed class PackageResolver : XmlUrlResolver
    {
        public override object? GetEntity(Uri absoluteUri, string? role, Type? ofObjectToReturn)
        {
            if (!absoluteUri.IsFile || !absoluteUri.LocalPath.EndsWith("ims_xml.xsd")) return base.GetEntity(absoluteUri, role, ofObjectToReturn);
            var text = File.ReadAllText(absoluteUri.LocalPath).Replace(" xmlns=\"http://www.w3.org/XML/1998/namespace\"", "");
            return new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF')));
        }
    }

    async Task<ZipArchive> DownloadAsync(string url)
    {
        var response = await app.AdminClient().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/zip", response.Content.Headers.ContentType?.MediaType);
        return new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
    }

    static XDocument Xml(ZipArchive zip, string path)
    {
        using var stream = zip.GetEntry(path)!.Open();
        return XDocument.Load(stream);
    }

    static string Text(ZipArchive zip, string path)
    {
        using var reader = new StreamReader(zip.GetEntry(path)!.Open());
        return reader.ReadToEnd();
    }
}
