using System.Net;
using System.Xml.Linq;

namespace ELearning.Api.Lms.Packages;

/// <summary>
/// The Tin Can package: tincan.xml with the course as its one launchable activity. The launch page in the ZIP
/// forwards the LMS's query string (endpoint, auth, actor, registration, activity_id) to our player, which runs on
/// our origin. The ids are the statements' (LmsActivities): the course is completed and passed once every module is.
/// </summary>
public static class TinCanPackage
{
    public static readonly XNamespace Ns = "http://projecttincan.com/tincan.xsd";
    const string CourseType = "http://adlnet.gov/expapi/activities/course";
    const string ModuleType = "http://adlnet.gov/expapi/activities/module";

    public static XDocument Manifest(PackageInfo info) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(Ns + "tincan",
            new XElement(Ns + "activities",
                new XElement(Ns + "activity", new XAttribute("id", LmsActivities.Course(info.Ids)), new XAttribute("type", CourseType),
                    new XElement(Ns + "name", new XAttribute("lang", info.Language), info.Title),
                    new XElement(Ns + "description", new XAttribute("lang", info.Language), info.Description),
                    new XElement(Ns + "launch", new XAttribute("lang", info.Language), "index.html")),
                // Listed, not launchable, so an LMS can name the modules in its reports.
                info.Catalog.Modules.Select(m => new XElement(Ns + "activity",
                    new XAttribute("id", LmsActivities.Module(info.Ids, m)), new XAttribute("type", ModuleType),
                    new XElement(Ns + "name", new XAttribute("lang", info.Language), m.Definition.Title),
                    new XElement(Ns + "description", new XAttribute("lang", info.Language), m.Definition.Summary))))));

    public static string LaunchPage(PackageInfo info)
    {
        var target = info.Absolute("lms/tincan");
        return $$"""
            <!DOCTYPE html>
            <html lang="{{WebUtility.HtmlEncode(info.Language)}}">
            <head>
              <meta charset="utf-8">
              <title>{{WebUtility.HtmlEncode(info.Title)}}</title>
              <meta name="viewport" content="width=device-width, initial-scale=1">
            </head>
            <body>
              <p>Opening the course… If nothing happens, <a id="go" href="{{WebUtility.HtmlEncode(target)}}">open it here</a>.</p>
              <script>
                // The LMS passes endpoint, auth, actor and registration in the query string; hand them on unchanged.
                var target = {{System.Text.Json.JsonSerializer.Serialize(target)}} + window.location.search;
                document.getElementById("go").href = target;
                window.location.replace(target);
              </script>
            </body>
            </html>
            """;
    }

    public static byte[] Zip(PackageInfo info) => PackageZip.Build(
    [
        ("tincan.xml", PackageZip.Xml(Manifest(info))),
        ("index.html", PackageZip.Text(LaunchPage(info))),
    ]);
}
