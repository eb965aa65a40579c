using ELearning.Api.Content;

namespace ELearning.Api.Lms;

/// <summary>The activity ids packages give an LMS; they must be the ones our statements use.</summary>
public static class LmsActivities
{
    public static string Module(Catalog catalog, string moduleId) => $"{catalog.Course.Id.TrimEnd('/')}/modules/{moduleId}";
}
