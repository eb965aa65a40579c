using ELearning.Api;
using ELearning.Api.Admin;
using ELearning.Api.Assessment;
using ELearning.Api.Certificates;
using ELearning.Api.Content;
using ELearning.Api.Data;
using ELearning.Api.Infrastructure;
using ELearning.Api.Lms;
using ELearning.Api.Player;
using ELearning.Api.Tracking;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

// Structured logs; handlers never log tokens, names or email addresses.
builder.Logging.AddJsonConsole(o => o.IncludeScopes = false);
builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = RequestLimits.MaxBodyBytes);

// HTTP plumbing: ProblemDetails for every error, OpenAPI document and reference page.
builder.Services.AddProblemDetails();
builder.Services.AddExceptionHandler<ClientErrorHandler>();
builder.Services.AddOpenApi();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddOptions<AppOptions>().BindConfiguration("App");

// Features.
builder.AddContent();
builder.AddData();
builder.AddAssessment();
builder.AddLms();
builder.AddPlayer();
builder.AddCertificates();
builder.AddTracking();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseBodySizeLimit();
app.UseCors();
app.UsePlayer();
app.UseAuthentication();
app.UseAuthorization();

app.MapOpenApi();
app.MapScalarApiReference("/docs", o => o.WithTitle("ELearning API"));
app.MapHealthChecks("/health", new() { ResponseWriter = HealthResponse.WriteAsync });
app.MapContent();
app.MapAssessment();
app.MapAdmin();
app.MapLms();
app.MapCertificates();
app.MapTracking();

await app.MigrateDatabaseAsync();
app.Run();

// WebApplicationFactory<Program> in the tests needs a public type to find this assembly by.
public partial class Program;
