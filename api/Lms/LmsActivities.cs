using ELearning.Api.Content;
using ELearning.Api.Tracking;

namespace ELearning.Api.Lms;

/// <summary>
/// The activity ids packages give an LMS (cmi5.xml's course and AUs, tincan.xml's activities, the SCORM manifest's
/// adlcp:datafromlms): exactly the profile's (docs/xapi-profile.md, "Activities and IRIs"), so what the LMS launched is
/// what our statements are about.
/// </summary>
public static class LmsActivities
{
    public static string Course(ProfileSettings s) => s.CourseIri;

    public static string Module(ProfileSettings s, ModuleContent module) => Activities.ModuleIri(s, module);
}
