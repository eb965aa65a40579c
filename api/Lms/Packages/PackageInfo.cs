using ELearning.Api.Content;
using ELearning.Api.Tracking;

namespace ELearning.Api.Lms.Packages;

/// <summary>What every package needs to know: the course, where the player lives, the titles to show, and the activity ids (the profile's).</summary>
public sealed record PackageInfo(Catalog Catalog, Uri BaseUri, string Title, string Description, ProfileSettings Ids)
{
    public string Language => Catalog.Course.Language;

    /// <summary>An absolute URL under the public base, so an LMS can launch content it does not host.</summary>
    public string Absolute(string relative) => new Uri(BaseUri, relative).ToString();
}
