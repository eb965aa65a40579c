using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;

namespace ELearning.Api.Lms.Packages;

/// <summary>
/// The SCORM 1.2 package: one SCO per module, so an LMS records each module's score and status and a module can
/// be assigned alone; suspend_data per SCO then only ever holds one attempt pointer. Each SCO is a small page
/// that bridges the LMS's API object to our player, which runs on our origin in a frame.
/// </summary>
public static class ScormPackage
{
    public static readonly XNamespace Ims = "http://www.imsproject.org/xsd/imscp_rootv1p1p2";
    public static readonly XNamespace Adlcp = "http://www.adlnet.org/xsd/adlcp_rootv1p2";

    static readonly XNamespace Xsi = "http://www.w3.org/2001/XMLSchema-instance";

    /// <summary>
    /// ADL's SCORM 1.2 schema files (CAM 1.2: the manifest and its XSDs at the package root), shipped unchanged so that an
    /// importer that validates the manifest finds every schema it names in the package itself.
    /// </summary>
    public static readonly IReadOnlyList<string> SchemaFiles = ["imscp_rootv1p1p2.xsd", "adlcp_rootv1p2.xsd", "imsmd_rootv1p2p1.xsd", "ims_xml.xsd"];

    public static XDocument Manifest(PackageInfo info, string trustName) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(Ims + "manifest",
            new XAttribute("identifier", "elearning-" + Slug(trustName)), new XAttribute("version", info.Catalog.Course.Version),
            new XAttribute(XNamespace.Xmlns + "adlcp", Adlcp), new XAttribute(XNamespace.Xmlns + "xsi", Xsi),
            new XAttribute(Xsi + "schemaLocation", $"{Ims} imscp_rootv1p1p2.xsd {Adlcp} adlcp_rootv1p2.xsd"),
            new XElement(Ims + "metadata", new XElement(Ims + "schema", "ADL SCORM"), new XElement(Ims + "schemaversion", "1.2")),
            new XElement(Ims + "organizations", new XAttribute("default", "course"),
                new XElement(Ims + "organization", new XAttribute("identifier", "course"),
                    new XElement(Ims + "title", info.Title),
                    info.Catalog.Modules.Select(m => new XElement(Ims + "item",
                        new XAttribute("identifier", "item-" + m.Id), new XAttribute("identifierref", "sco-" + m.Id), new XAttribute("isvisible", "true"),
                        new XElement(Ims + "title", m.Definition.Title),
                        // The module's activity IRI, the one its statements use (docs/xapi-profile.md); the LMS hands it to the SCO as cmi.launch_data.
                        new XElement(Adlcp + "datafromlms", LmsActivities.Module(info.Ids, m)),
                        // Some LMSs ignore it; the SCO reports passed or failed itself, against the same pass mark.
                        new XElement(Adlcp + "masteryscore", Math.Round(m.Definition.PassMark * 100)))))),
            new XElement(Ims + "resources",
                info.Catalog.Modules.Select(m => new XElement(Ims + "resource",
                    new XAttribute("identifier", "sco-" + m.Id), new XAttribute("type", "webcontent"),
                    new XAttribute(Adlcp + "scormtype", "sco"), new XAttribute("href", m.Id + ".html"),
                    new XElement(Ims + "file", new XAttribute("href", m.Id + ".html")),
                    new XElement(Ims + "dependency", new XAttribute("identifierref", "bridge")))),
                new XElement(Ims + "resource",
                    new XAttribute("identifier", "bridge"), new XAttribute("type", "webcontent"), new XAttribute(Adlcp + "scormtype", "asset"),
                    new XElement(Ims + "file", new XAttribute("href", "sco/bridge.js")),
                    new XElement(Ims + "file", new XAttribute("href", "sco/config.js"))))));

    public static string ScoPage(PackageInfo info, string moduleId, string title) => $$"""
        <!DOCTYPE html>
        <html lang="{{WebUtility.HtmlEncode(info.Language)}}" data-module="{{WebUtility.HtmlEncode(moduleId)}}">
        <head>
          <meta charset="utf-8">
          <meta name="viewport" content="width=device-width, initial-scale=1">
          <title>{{WebUtility.HtmlEncode(title)}}</title>
          <style>html, body, #sco, iframe { margin: 0; width: 100%; height: 100%; border: 0; } #status { font: 1rem/1.5 Arial, sans-serif; padding: 1rem; }</style>
          <script src="sco/config.js"></script>
          <script src="sco/bridge.js" defer></script>
        </head>
        <body>
          <main id="sco"><p id="status" role="status">Connecting to your learning system…</p></main>
        </body>
        </html>
        """;

    /// <summary>The trust's key is in the package: the LMS, not the browser, is what it vouches for (README: trust model).</summary>
    public static string Config(PackageInfo info, string trustName, string packageKey) =>
        "window.ELEARNING_SCORM = " + JsonSerializer.Serialize(new { apiBase = info.BaseUri.ToString(), trust = trustName, packageKey }) + ";\n";

    public static byte[] Zip(PackageInfo info, string trustName, string packageKey) => PackageZip.Build(
        new[] { ("imsmanifest.xml", PackageZip.Xml(Manifest(info, trustName))) }
            .Concat(info.Catalog.Modules.Select(m => (m.Id + ".html", PackageZip.Text(ScoPage(info, m.Id, m.Definition.Title)))))
            .Append(("sco/bridge.js", Bridge.Value))
            .Append(("sco/config.js", PackageZip.Text(Config(info, trustName, packageKey))))
            .Concat(SchemaFiles.Select(name => (name, Schemas[name]))));

    static readonly Lazy<byte[]> Bridge = new(() => Resource("ELearning.Api.Lms.Packages.Scorm.bridge.js"));

    static readonly IReadOnlyDictionary<string, byte[]> Schemas = SchemaFiles.ToDictionary(name => name, name => Resource("ELearning.Api.Lms.Packages.Scorm.Schemas." + name));

    static byte[] Resource(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name) ?? throw new InvalidOperationException($"Missing resource {name}.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    static string Slug(string s) => new string(s.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
}
