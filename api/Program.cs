using ELearning.Api;
using ELearning.Api.Admin;
using ELearning.Api.Assessment;
using ELearning.Api.Certificates;
using ELearning.Api.Content;
using ELearning.Api.Data;
using ELearning.Api.Identity;
using ELearning.Api.Infrastructure;
using ELearning.Api.Lms;
using ELearning.Api.Player;
using ELearning.Api.Tracking;
using ELearning.Api.Workshops;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

// A setting or database the operator must fix ends the process with one line naming it, not a stack trace.
StartupFailure.ReportOnOneLine();

var builder = WebApplication.CreateBuilder(SettingsFiles.WithoutHostWatch(args));
// appsettings.json is still re-read on change (an administrator's key revoked takes effect), by polling its file.
SettingsFiles.ReloadByPolling(builder.Configuration, builder.Environment.ContentRootPath);

// Structured logs; handlers never log tokens, names or email addresses.
builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
builder.WebHost.ConfigureKestrel(k =>
{
    k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes;
    k.AddServerHeader = false; // no "Server: Kestrel" to tell a scanner what to try
});

// HTTP plumbing: ProblemDetails for every error, request-shape validation, OpenAPI document and reference page.
builder.AddInfrastructure();

// Features, each registering itself (docs/architecture.md has the map and the one-way rule between them).
builder.AddContent();
builder.AddData();
builder.AddIdentity();
builder.AddAssessment();
builder.AddTracking();
builder.AddLms();
builder.AddCertificates();
builder.AddWorkshops();
builder.AddPlayer();

// Reactions to Assessment's events: Assessment raises them and knows none of these.
builder.Services.AddAttemptEventHandler<TrackingRecorder>();       // statements, in the attempt's transaction
builder.Services.AddModuleCompletedHandler<CertificateIssuer>();   // the certificate, once a completion has committed
builder.Services.AddAttemptEventHandler<WorkshopAnswers>();        // the room's counts, in the answer's transaction
builder.Services.AddAnswerCommittedHandler<WorkshopAnswers>();     // then the workshop's event streams look again
// Streams hear answers made on any node: PostgreSQL LISTEN/NOTIFY, SQL Server polling versions, SQLite in process.
builder.Services.AddWorkshopNotifier();
builder.Services.AddSingleton<ICaseOrderPolicy>(sp => sp.GetRequiredService<WorkshopCaseOrder>()); // delegates follow the facilitator's case
builder.Services.AddSingleton<IAttendanceCertificates, WorkshopCertificates>(); // attendance names each delegate's certificate
// Reactions to Workshops' events: a closed workshop gives each delegate who joined an attended statement (in the closing's transaction).
builder.Services.AddSingleton<IWorkshopClosedHandler>(sp => sp.GetRequiredService<WorkshopTracking>());
// The LMS's part in tracking and attempts: launched attempts report to the LMS's LRS, under launches it owns.
builder.Services.AddSingleton<IAttemptLaunches>(sp => sp.GetRequiredService<LaunchTracking>());
builder.Services.AddSingleton<IOutboxDestinations>(sp => sp.GetRequiredService<LaunchTracking>());
builder.Services.AddSingleton<ILaunchGate>(sp => sp.GetRequiredService<LaunchTracking>());
builder.Services.AddSingleton<ILaunchRules>(sp => sp.GetRequiredService<LaunchTracking>());   // the LMS's masteryScore and launchMode judge its attempts
// A delegate's data rights (Identity's ILearnerDataHolder): each feature exports and erases what it holds about them.
// Identity anonymises its own record last, so an erasure that fails half-way leaves the delegate able to ask again.
builder.Services.AddLearnerDataHolder<AttemptLearnerData>();      // attempts, answers, reflections
builder.Services.AddLearnerDataHolder<CertificateLearnerData>();  // certificates (withdrawn on erasure)
builder.Services.AddLearnerDataHolder<WorkshopLearnerData>();     // workshop memberships and room answers
builder.Services.AddLearnerDataHolder<LmsLearnerData>();          // LMS launches (the LMS's actor)
builder.Services.AddLearnerDataHolder<TrackingLearnerData>();     // xAPI statements in the outbox (anonymised)
// The LMSs that call the API across origins are the sites that may frame the player (CSP frame-ancestors).
builder.Services.AddOptions<PlayerOptions>().Configure<IOptions<LmsOptions>>((player, lms) => player.EmbeddingOrigins = lms.Value.AllowedOrigins);

var app = builder.Build();

app.UsePrivateResponses();   // no-store and nosniff on personal data, whoever answers
app.UseHsts();               // over HTTPS only (and never for localhost)
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit();
app.UseCors();
app.UsePlayer();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapOpenApi();
app.MapScalarApiReference("/docs", o => o.WithTitle("ELearning API"));
app.MapHealthChecks("/health", new() { ResponseWriter = HealthResponse.WriteAsync });
app.MapContent();
app.MapIdentity();
app.MapAssessment();
app.MapAdmin();
app.MapLms();
app.MapCertificates();
app.MapTracking();
app.MapWorkshopFeature();

await app.ContentLoadedAsync();   // loading since AddContent, alongside everything above
await app.MigrateDatabaseAsync();
app.Run();

// WebApplicationFactory<Program> in the tests needs a public type to find this assembly by.
public partial class Program;
