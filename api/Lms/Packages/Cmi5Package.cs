using System.Globalization;
using System.Xml.Linq;

namespace ELearning.Api.Lms.Packages;

/// <summary>
/// The cmi5 course package: cmi5.xml at the root, one assignable unit per module, each launched remotely from
/// our player (cmi5 14.1: absolute URLs for content the LMS does not host).
/// </summary>
public static class Cmi5Package
{
    public static readonly XNamespace Ns = "https://w3id.org/xapi/profiles/cmi5/v1/CourseStructure.xsd";

    public static XDocument Manifest(PackageInfo info) => new(
        new XDeclaration("1.0", "utf-8", null),
        new XElement(Ns + "courseStructure",
            new XElement(Ns + "course", new XAttribute("id", LmsActivities.Course(info.Ids)),
                LangStrings("title", info.Title, info.Language),
                LangStrings("description", info.Description, info.Language)),
            info.Catalog.Modules.Select(m => new XElement(Ns + "au",
                new XAttribute("id", LmsActivities.Module(info.Ids, m)),
                // 13.1.4: the LMS satisfies the AU only when the delegate has both finished and reached the pass mark.
                new XAttribute("moveOn", "CompletedAndPassed"),
                new XAttribute("masteryScore", m.Definition.PassMark.ToString("0.0###", CultureInfo.InvariantCulture)),
                new XAttribute("launchMethod", "AnyWindow"),
                LangStrings("title", m.Definition.Title, info.Language),
                LangStrings("description", m.Definition.Summary, info.Language),
                new XElement(Ns + "url", info.Absolute($"lms/cmi5/{m.Id}"))))));

    public static byte[] Zip(PackageInfo info) => PackageZip.Build([("cmi5.xml", PackageZip.Xml(Manifest(info)))]);

    static XElement LangStrings(string name, string text, string language) =>
        new(Ns + name, new XElement(Ns + "langstring", new XAttribute("lang", language), text));
}
