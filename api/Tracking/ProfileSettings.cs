using ELearning.Api.Content;

namespace ELearning.Api.Tracking;

/// <summary>Everything the statement profile needs besides the event itself; fixed at start-up.</summary>
public sealed record ProfileSettings(
    string ActivityBase, string CourseIri, string CourseTitle, string HomePage, string Language, string Platform,
    bool UseMbox, bool SendReflectionText)
{
    public static ProfileSettings From(AppOptions app, XapiOptions xapi, CourseDefinition course)
    {
        var home = app.BaseUri.AbsoluteUri;
        var activityBase = string.IsNullOrWhiteSpace(xapi.ActivityBaseIri) ? home + "xapi/activities/" : xapi.ActivityBaseIri.TrimEnd('/') + "/";
        // course.json's id is the course's IRI; a relative one is put under the activity base.
        var courseIri = Uri.TryCreate(course.Id, UriKind.Absolute, out _) ? course.Id : activityBase + "courses/" + Uri.EscapeDataString(course.Id);
        return new(activityBase, courseIri, course.Title, home, course.Language, xapi.Platform, xapi.Actor == "mbox", xapi.SendReflectionText);
    }
}
