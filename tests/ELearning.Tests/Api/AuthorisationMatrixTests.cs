using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using ELearning.Tests.Certificates;
using ELearning.Tests.Support;

namespace ELearning.Tests.Api;

/// <summary>
/// Every operation in the OpenAPI document, called by each kind of caller, answers as the operation's declared
/// security says: anonymous gets 401 from a secured route, a caller whose credential is not listed gets 403, a listed
/// caller gets through (never 401 or 403, never 5xx), and a delegate with someone else's ids gets 404. A route the
/// document lists but <see cref="Rules"/> does not fails the test, so each new route is given its rule here.
/// </summary>
public sealed class AuthorisationMatrixTests : IAsyncLifetime
{
    readonly ELearningApp app = new(settings: new Dictionary<string, string?> { ["Lms:AllowedOrigins:0"] = "https://lms.matrix.nhs.uk" });
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    enum Caller { Anonymous, DelegateA, DelegateB, LmsSession, Facilitator, Admin }

    static readonly Dictionary<Caller, string?> SchemeOf = new()
    {
        [Caller.Anonymous] = null, [Caller.DelegateA] = "delegateToken", [Caller.DelegateB] = "delegateToken",
        [Caller.LmsSession] = "lmsSessionToken",
        [Caller.Facilitator] = "facilitatorToken", [Caller.Admin] = "adminKey",
    };

    /// <param name="OwnedByA">The ids in the path are delegate A's: delegate B, and an LMS session (whose scope is its own attempt), must get 404.</param>
    /// <param name="CredentialInBody">Public at the HTTP level, but the body carries a key (a SCORM package's): 401 is its answer to a wrong one.</param>
    /// <param name="Refused">Callers the policy admits whom the handler still refuses, with 403 (an administrator creating a workshop).</param>
    /// <param name="Body">The JSON body to send (with the fixture's ids filled in), if any.</param>
    /// <param name="EndsSession">Ends the caller's own sign-in (logout, erasure): the delegates are signed in afresh for it.</param>
    sealed record Rule(bool OwnedByA = false, bool CredentialInBody = false, Caller[]? Refused = null, string? Body = null, bool EndsSession = false);

    static readonly Rule Public = new(), Own = new(OwnedByA: true), Plain = new(), EndsSession = new(EndsSession: true);

    static readonly Dictionary<string, Rule> Rules = new()
    {
        ["GET /api/course"] = Public,
        ["GET /api/modules/{moduleId}"] = Public,
        ["GET /api/modules/{moduleId}/cases/{caseId}"] = Public,
        ["GET /api/clauses/{clauseId}"] = Public,
        ["POST /api/learners"] = new(Body: """{"name": "Chidi Okeke"}"""),
        ["GET /api/learners/me"] = Plain,
        ["GET /api/learners/me/certificate"] = Plain,
        ["GET /api/learners/me/cpd-evidence"] = Plain,
        // An LMS session starts attempts only where its LMS would record them (a SCORM retry of a failed one): this one has none.
        ["POST /api/attempts"] = new(Refused: [Caller.LmsSession], Body: """{"moduleId": "boundaries"}"""),
        ["GET /api/attempts/{attemptId}"] = Own,
        ["POST /api/attempts/{attemptId}/answers"] = new(OwnedByA: true, Body: """{"caseId": "{caseId}", "nodeId": "{nodeId}", "response": {"choices": ["a"]}}"""),
        ["POST /api/attempts/{attemptId}/complete"] = Own,
        ["GET /api/certificates/{id}"] = Own,
        ["GET /api/certificates/{id}.pdf"] = Own,
        ["GET /api/certificates/{id}/credential"] = Own,
        ["GET /api/verify/{id}"] = Public,
        ["POST /api/verify"] = new(Body: """{"credential": "not-a-jwt"}"""),
        ["GET /.well-known/jwks.json"] = Public,
        ["GET /.well-known/jwks/{thumbprint}"] = Public,
        ["GET /api/admin/summary"] = Plain,
        ["GET /api/admin/cases/{caseId}"] = Plain,
        ["GET /api/facilitator/cases/{caseId}"] = Plain,
        ["POST /api/admin/facilitators"] = new(Body: """{"name": "Dee Ncube", "email": "dee.ncube@example.nhs.uk"}"""),
        ["GET /api/admin/facilitators"] = Plain,
        ["POST /api/admin/facilitators/{facilitatorId}/revoke"] = Plain,
        ["GET /api/admin/tracking"] = Plain,
        ["GET /api/admin/learners/{learnerId}/cpd-evidence"] = Plain,
        ["POST /api/admin/certificates/signing-keys/rotate"] = Plain,
        ["POST /api/admin/certificates/{id}/revoke"] = new(Body: """{"reason": "matrix test"}"""),
        ["GET /api/lms/cmi5.zip"] = Plain,
        ["GET /api/lms/tincan.zip"] = Plain,
        ["GET /api/lms/scorm12.zip"] = Plain,
        ["GET /api/admin/lms/packages"] = Plain,
        ["POST /api/admin/lms/packages/{packageId}/revoke"] = Plain,
        ["POST /api/lms/scorm/sessions"] = new(CredentialInBody: true, Body: """{"packageKey": "not-a-key", "studentId": "s1", "studentName": "Okeke, Chidi", "moduleId": "confidentiality"}"""),
        ["POST /api/lms/cmi5/launches"] = new(Body: "{}"),
        ["POST /api/lms/tincan/launches"] = new(Body: "{}"),
        ["POST /api/lms/sessions/{sessionId}/terminate"] = new(Body: """{"exitKey": "nope"}"""),
        ["POST /api/lms/sessions/{sessionId}/leave"] = new(Body: """{"exitKey": "nope"}"""),
        ["POST /api/lms/sessions/{sessionId}/resume"] = new(Body: """{"exitKey": "nope"}"""),
        ["POST /api/workshops"] = new(Refused: [Caller.Admin], Body: """{"title": "Matrix", "moduleIds": ["confidentiality"]}"""),
        ["GET /api/workshops"] = Plain,
        ["GET /api/workshops/{workshopId}"] = Plain,
        ["POST /api/workshops/{workshopId}/close"] = Plain,
        ["POST /api/workshops/{workshopId}/current"] = new(Body: """{"caseId": "{caseId}"}"""),
        ["POST /api/workshops/{workshopId}/self-pacing"] = new(Body: """{"allowed": true}"""),
        ["GET /api/workshops/{workshopId}/distribution"] = Plain,
        ["GET /api/workshops/{workshopId}/events"] = Plain,
        ["GET /api/workshops/{workshopId}/attendance.csv"] = Plain,
        ["GET /api/workshops/{workshopId}/roster"] = Plain,
        ["GET /api/workshops/{workshopId}/qr.svg"] = Plain,
        // A bearer token on a join is the delegate joining; a facilitator's, an administrator's or an LMS session's is refused.
        ["POST /api/workshops/join"] = new(Refused: [Caller.Facilitator, Caller.Admin, Caller.LmsSession], Body: """{"code": "000000", "name": "Chidi Okeke"}"""),
        ["GET /api/workshops/{workshopId}/session"] = Plain,
        ["GET /api/workshops/{workshopId}/room"] = Plain,
        ["POST /api/workshops/{workshopId}/reveal"] = new(Body: """{"caseId": "{caseId}", "nodeId": "{nodeId}"}"""),
        ["POST /api/attempts/{attemptId}/case"] = new(OwnedByA: true, Body: """{"caseId": "{caseId}"}"""),
        ["GET /api/admin/audit"] = Plain,
        ["GET /api/admin/certificates.zip"] = Plain,
        ["GET /api/privacy"] = Public,
        ["GET /api/learners/me/data"] = Plain,
        ["POST /api/learners/me/logout"] = EndsSession,
        ["DELETE /api/learners/me"] = EndsSession,
        // Erases delegate A: run last of all.
        ["DELETE /api/admin/learners/{learnerId}"] = Plain,
    };

    /// <summary>What ends something runs after everything else: revocations and closing, then sign-outs and erasures, then erasing delegate A.</summary>
    static int Order(string route) =>
        route == "DELETE /api/admin/learners/{learnerId}" ? 3
        : Rules[route].EndsSession ? 2
        : route.Contains("/revoke") || route.EndsWith("/close") ? 1
        : 0;

    [Fact]
    public async Task Every_route_answers_each_caller_as_its_declared_security_says()
    {
        var document = await app.CreateClient().GetFromJsonAsync<JsonElement>("/openapi/v1.json");
        var operations = OpenApiLintTests.Operations(document).ToList();
        var unruled = operations.Select(o => o.Route).Where(r => !Rules.ContainsKey(r)).ToList();
        Assert.True(unruled.Count == 0, "Routes without a rule in the authorisation matrix: " + string.Join(", ", unruled));

        var a = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.PassAllModulesAsync(a);
        var certificateId = (await a.GetJsonAsync("/api/learners/me/certificate")).GetProperty("id").GetString()!;
        var attempt = await a.StartAsync("confidentiality");
        var b = await app.SignInAsync("Ben Jones");
        var admin = app.AdminClient();
        var facilitator = await FacilitatorClient.CreateAsync(admin, app.CreateClient);
        var workshop = await facilitator.CreateWorkshopAsync();
        var revoked = await FacilitatorClient.CreateAsync(admin, app.CreateClient, "Jo Reyes", "jo.reyes@example.nhs.uk");
        var ids = new Dictionary<string, string>
        {
            ["attemptId"] = attempt.AttemptId.ToString(), ["caseId"] = attempt.CaseId, ["nodeId"] = attempt.NodeId, ["moduleId"] = "confidentiality",
            ["id"] = certificateId, ["learnerId"] = a.LearnerId.ToString(), ["workshopId"] = workshop.Id.ToString(),
            ["clauseId"] = "no-such-clause", ["thumbprint"] = "no-such-key", ["sessionId"] = Guid.NewGuid().ToString(), ["packageId"] = Guid.NewGuid().ToString(),
            ["facilitatorId"] = revoked.Id.ToString(),
        };
        var clients = new Dictionary<Caller, HttpClient>
        {
            [Caller.Anonymous] = app.CreateClient(), [Caller.DelegateA] = a.Http, [Caller.DelegateB] = b.Http, [Caller.LmsSession] = await ScormSessionAsync(admin),
            [Caller.Facilitator] = facilitator.Http, [Caller.Admin] = admin,
        };

        var wrong = new List<string>();
        // What ends something last, so that it does not change the answers to the rest.
        foreach (var (route, operation) in operations.OrderBy(o => Order(o.Route)))
        {
            var rule = Rules[route];
            if (Order(route) >= 2) // the sign-ins the routes before it ended
            {
                clients[Caller.DelegateA] = (await app.SignInAsync("Ada Lovell")).Http;
                clients[Caller.DelegateB] = (await app.SignInAsync("Bea Moss")).Http;
            }
            var security = operation.GetProperty("security").EnumerateArray().Select(r => r.EnumerateObject().Single().Name).ToList();
            foreach (var caller in new[] { Caller.Anonymous, Caller.DelegateB, Caller.LmsSession, Caller.Facilitator, Caller.DelegateA, Caller.Admin })
            {
                var status = await CallAsync(clients[caller], route, rule, ids);
                var expected = Expect(security, caller, rule);
                if (!expected.Accepts(status)) wrong.Add($"{route} as {caller}: {(int)status}, expected {expected.Description}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    /// <summary>A SCORM session's client, as a SCO in an LMS gets one: from the package key in the package every learner downloads.</summary>
    async Task<HttpClient> ScormSessionAsync(HttpClient admin)
    {
        var packageKey = await ScormPackageKey.DownloadAsync(admin, "Matrix");
        var response = await app.CreateClient().PostAsJsonAsync("/api/lms/scorm/sessions",
            new { packageKey, studentId = "M-1", studentName = "Matrix, Lee", moduleId = "boundaries" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var launchUrl = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("launchUrl").GetString()!;
        var token = Uri.UnescapeDataString(System.Text.RegularExpressions.Regex.Match(launchUrl, "token=([^&]+)").Groups[1].Value);
        return app.CreateClient().WithBearer(token);
    }

    sealed record Expectation(string Description, Func<HttpStatusCode, bool> Accepts);

    static Expectation Expect(IReadOnlyList<string> security, Caller caller, Rule rule)
    {
        if (security.Count > 0 && caller == Caller.Anonymous) return new("401", s => s == HttpStatusCode.Unauthorized);
        if (security.Count > 0 && !security.Contains(SchemeOf[caller]!)) return new("403", s => s == HttpStatusCode.Forbidden);
        if (rule.Refused?.Contains(caller) == true) return new("403 (refused by the handler)", s => s == HttpStatusCode.Forbidden);
        if (rule.OwnedByA && caller is Caller.DelegateB or Caller.LmsSession) return new("404 (another delegate's, or outside the session's scope)", s => s == HttpStatusCode.NotFound);
        return new("through (not 401, 403 or 5xx)", s =>
            (s != HttpStatusCode.Unauthorized || rule.CredentialInBody) && s != HttpStatusCode.Forbidden && (int)s < 500);
    }

    static async Task<HttpStatusCode> CallAsync(HttpClient client, string route, Rule rule, IReadOnlyDictionary<string, string> ids)
    {
        var space = route.IndexOf(' ');
        var path = Fill(route[(space + 1)..], ids);
        Assert.False(path.Contains('{'), $"{route}: the matrix has no id for a parameter of {path}");
        var request = new HttpRequestMessage(new HttpMethod(route[..space]), path);
        if (rule.Body is not null) request.Content = new StringContent(Fill(rule.Body, ids), Encoding.UTF8, "application/json");
        // Headers only: the workshop's event stream never ends.
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }

    static string Fill(string template, IReadOnlyDictionary<string, string> ids) =>
        ids.Aggregate(template, (text, id) => text.Replace("{" + id.Key + "}", Uri.EscapeDataString(id.Value)));
}
