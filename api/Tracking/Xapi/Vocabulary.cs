namespace ELearning.Api.Tracking.Xapi;

/// <summary>ADL verbs (http://adlnet.gov/expapi/verbs/) with their en-US display; cmi5 9.3 uses the same IRIs for its verbs.</summary>
public static class Verbs
{
    public static readonly Verb Initialized = Adl("initialized");
    public static readonly Verb Attempted = Adl("attempted");
    public static readonly Verb Answered = Adl("answered");
    public static readonly Verb Experienced = Adl("experienced");
    public static readonly Verb Passed = Adl("passed");
    public static readonly Verb Failed = Adl("failed");
    public static readonly Verb Completed = Adl("completed");
    public static readonly Verb Terminated = Adl("terminated");
    public static readonly Verb Suspended = Adl("suspended");
    public static readonly Verb Resumed = Adl("resumed");
    /// <summary>A delegate was in a workshop (sent for each delegate who joined, when the facilitator closes it).</summary>
    public static readonly Verb Attended = Adl("attended");

    static Verb Adl(string name) => new("http://adlnet.gov/expapi/verbs/" + name, new Dictionary<string, string> { ["en-US"] = name });
}

/// <summary>Activity types: ADL's where it has one, Activity Streams' "page" for a piece of narrative.</summary>
public static class ActivityTypes
{
    public const string Course = "http://adlnet.gov/expapi/activities/course";
    public const string Module = "http://adlnet.gov/expapi/activities/module";
    /// <summary>A branching case: ADL's "simulation" (a scenario the learner acts in).</summary>
    public const string Simulation = "http://adlnet.gov/expapi/activities/simulation";
    /// <summary>D, Interaction Activities: questions carry interactionType and its components.</summary>
    public const string Interaction = "http://adlnet.gov/expapi/activities/cmi.interaction";
    public const string Page = "http://activitystrea.ms/schema/1.0/page";
    public const string Profile = "http://adlnet.gov/expapi/activities/profile";
    /// <summary>A live workshop session: ADL's "meeting" (a gathering of people for a common cause, here with a facilitator).</summary>
    public const string Meeting = "http://adlnet.gov/expapi/activities/meeting";
}

/// <summary>The interactionType values of D "Interaction Activities".</summary>
public static class InteractionTypes
{
    public const string TrueFalse = "true-false";
    public const string Choice = "choice";
    public const string LongFillIn = "long-fill-in";
    public const string Other = "other";

    /// <summary>Separates the ids of a choice response or pattern (D, "Response Patterns").</summary>
    public const string Delimiter = "[,]";
}
