using System.Text.Json;
using System.Text.Json.Nodes;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Api.Lms.Cmi5;

/// <summary>
/// The statements an assignable unit sends in a cmi5 session (cmi5 9.x), as pure functions of the launch.
/// "cmi5 defined" statements (initialized, completed, passed/failed, terminated) are about the launch activityId
/// and carry the cmi5 category; "cmi5 allowed" ones (our answers) keep their own object and carry no cmi5 category.
/// Both are built on the LMS's contextTemplate, whose values are never overwritten (cmi5 10.2.1), with the launch's
/// registration and the session id extension on every statement (9.6.1, 9.6.3.1).
/// </summary>
public static class Cmi5Statements
{
    public const string Cmi5Category = "https://w3id.org/xapi/cmi5/context/categories/cmi5";
    public const string MoveOnCategory = "https://w3id.org/xapi/cmi5/context/categories/moveon";
    public const string SessionIdExtension = "https://w3id.org/xapi/cmi5/context/extensions/sessionid";
    public const string MasteryScoreExtension = "https://w3id.org/xapi/cmi5/context/extensions/masteryscore";

    /// <summary>The first statement of a session (cmi5 7.1.1, 9.3.2).</summary>
    public static Statement Initialized(LmsLaunch l, DateTimeOffset at) => Defined(l, Verbs.Initialized, null, at, moveOn: false);

    /// <summary>The last statement of a session (cmi5 7.1.2, 9.3.8): duration required (9.5.4).</summary>
    public static Statement Terminated(LmsLaunch l, DateTimeOffset at, TimeSpan duration) =>
        Defined(l, Verbs.Terminated, new Result { Duration = duration }, at, moveOn: false);

    /// <summary>
    /// The end of the module in a Normal session: completed (completion true) and passed or failed (score, success,
    /// masteryscore extension), each at most once per registration and no failed after passed (cmi5 9.3). Browse and
    /// Review record no result (10.0). Passed means scaled ≥ masteryScore when the LMS gave one (9.3.4), else our pass mark.
    /// </summary>
    public static IReadOnlyList<Statement> Result(
        LmsLaunch l, double scaled, double raw, double max, bool passedOurPassMark, IReadOnlySet<string> verbsAlreadySent, DateTimeOffset at, TimeSpan duration)
    {
        if (!l.RecordsResults) return [];
        var statements = new List<Statement>();
        if (!verbsAlreadySent.Contains(Verbs.Completed.Id))
            statements.Add(Defined(l, Verbs.Completed, new Result { Completion = true, Duration = duration }, at, moveOn: true));
        var passed = l.MasteryScore is { } mastery ? scaled >= mastery : passedOurPassMark;
        var alreadyPassed = verbsAlreadySent.Contains(Verbs.Passed.Id);
        if (!alreadyPassed)
        {
            var score = max > 0 ? new Score { Scaled = scaled, Raw = raw, Min = 0, Max = max } : new Score { Scaled = scaled };
            var extensions = l.MasteryScore is { } m ? new Dictionary<string, JsonElement> { [MasteryScoreExtension] = JsonSerializer.SerializeToElement(m) } : null;
            statements.Add(Defined(l, passed ? Verbs.Passed : Verbs.Failed,
                new Result { Score = score, Success = passed, Duration = duration }, at, moveOn: true, extensions));
        }
        return statements;
    }

    /// <summary>A profile statement (an answer) as a cmi5 allowed statement: the launch's actor, registration and context template.</summary>
    public static Statement Allowed(LmsLaunch l, Statement ours) => ours with
    {
        Actor = l.Actor,
        Context = Merge(l, ours.Context, [], [new Activity { Id = l.ActivityId }], null),
    };

    /// <summary>
    /// A statement of an earlier session that never reached the LMS, carried into this session: this session's id
    /// (cmi5 9.6.3.1), and no earlier than its start, so initialized stays first by timestamp (9.3).
    /// </summary>
    public static Statement IntoSession(LmsLaunch l, Statement earlier)
    {
        var extensions = new Dictionary<string, JsonElement>();
        foreach (var (key, value) in earlier.Context?.Extensions ?? new Dictionary<string, JsonElement>()) extensions[key] = value;
        extensions[SessionIdExtension] = JsonSerializer.SerializeToElement(l.SessionId);
        var start = l.StartedAt.ToUniversalTime();
        return earlier with
        {
            Context = (earlier.Context ?? new Context()) with { Registration = l.Registration, Extensions = extensions },
            Timestamp = earlier.Timestamp is { } t && t > start ? t : start,
        };
    }

    static Statement Defined(LmsLaunch l, Verb verb, Result? result, DateTimeOffset at, bool moveOn, IReadOnlyDictionary<string, JsonElement>? extensions = null) => new()
    {
        // Ours (9.1), and the same for the same launch and verb: a repeat can never make a second one at the LRS.
        Id = StatementIds.Create(StatementIds.Namespace, $"cmi5 {l.Id:D} {verb.Id}"),
        Actor = l.Actor,
        Verb = verb,
        Target = new Activity { Id = l.ActivityId },
        Result = result,
        Context = Merge(l, null, moveOn ? [Cmi5Category, MoveOnCategory] : [Cmi5Category], [], extensions),
        Timestamp = at.ToUniversalTime(),
    };

    /// <summary>The template first, then what we add: lists are joined (without repeating an id), template keys win.</summary>
    static Context Merge(LmsLaunch l, Context? ours, IReadOnlyList<string> categories, IReadOnlyList<Activity> grouping,
        IReadOnlyDictionary<string, JsonElement>? extensions)
    {
        var template = Template(l.ContextTemplate);
        var a = template.ContextActivities;
        var o = ours?.ContextActivities;
        var ext = new Dictionary<string, JsonElement>();
        foreach (var source in new[] { extensions, ours?.Extensions })
            foreach (var (key, value) in source ?? new Dictionary<string, JsonElement>()) ext[key] = value;
        foreach (var (key, value) in template.Extensions ?? new Dictionary<string, JsonElement>()) ext[key] = value;
        ext.TryAdd(SessionIdExtension, JsonSerializer.SerializeToElement(l.SessionId));
        return template with
        {
            Registration = l.Registration,
            ContextActivities = new ContextActivities
            {
                Parent = Join(a?.Parent, o?.Parent),
                Grouping = Join(a?.Grouping, o?.Grouping, grouping),
                Category = Join(a?.Category, o?.Category, [.. categories.Select(c => new Activity { Id = c })]),
                Other = Join(a?.Other, o?.Other),
            },
            Extensions = ext,
            Platform = template.Platform ?? ours?.Platform,
            Language = template.Language ?? ours?.Language,
        };
    }

    static IReadOnlyList<Activity>? Join(params IReadOnlyList<Activity>?[] lists)
    {
        var all = lists.Where(x => x is not null).SelectMany(x => x!).DistinctBy(x => x.Id).ToList();
        return all.Count == 0 ? null : all;
    }

    /// <summary>The contextTemplate as a Context; a single activity where xAPI allows an array is read as an array of one.</summary>
    public static Context Template(string? json)
    {
        if (string.IsNullOrWhiteSpace(json) || JsonNode.Parse(json) is not JsonObject node) return new Context();
        if (node["contextActivities"] is JsonObject activities)
            foreach (var key in activities.Select(p => p.Key).ToList())
                if (activities[key] is JsonObject single) activities[key] = new JsonArray(single.DeepClone());
        // The registration is the launch's, whatever the template says.
        node.Remove("registration");
        return node.Deserialize<Context>(XapiJson.Options) ?? new Context();
    }

    /// <summary>The session id the LMS put in the template (cmi5 9.6.3.1), if it did.</summary>
    public static string? SessionIdIn(string? contextTemplate) =>
        Template(contextTemplate).Extensions?.TryGetValue(SessionIdExtension, out var id) == true && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
}
