using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using ELearning.Api.Certificates;
using Microsoft.Extensions.DependencyInjection;
using ELearning.Tests.Support;
using Microsoft.Data.Sqlite;

namespace ELearning.Tests.Certificates;

public sealed class CertificateIssueTests : IAsyncLifetime
{
    readonly ELearningApp app = new();
    public Task InitializeAsync() => Task.CompletedTask;
    public Task DisposeAsync() => app.DisposeAsync().AsTask();

    [Fact]
    public async Task Passing_every_module_issues_a_course_certificate_with_each_modules_best_score()
    {
        var asha = await CertificateWalk.RegisterAsync(app);

        await CertificateWalk.PassAllModulesAsync(asha);

        var certificate = await asha.GetJsonAsync("/api/learners/me/certificate");
        Assert.Equal("valid", certificate.GetProperty("status").GetString());
        Assert.Equal("Asha Patel", certificate.GetProperty("learnerName").GetString());
        Assert.Equal("PH123456", certificate.GetProperty("registrationNumber").GetString());
        Assert.Equal("Social media and your professional standards", certificate.GetProperty("courseTitle").GetString());
        Assert.Equal(16, certificate.GetProperty("cpdMinutes").GetInt32());
        Assert.Equal("16 minutes", certificate.GetProperty("cpdTime").GetString());
        var modules = certificate.GetProperty("modules").EnumerateArray().ToList();
        Assert.Equal(["confidentiality", "boundaries", "promotion-accuracy", "discrimination"], modules.Select(m => m.GetProperty("moduleId").GetString()));
        Assert.All(modules, m => Assert.Equal(1.0, m.GetProperty("scaled").GetDouble()));
    }

    [Fact]
    public async Task No_certificate_is_issued_while_a_module_is_failed_or_not_taken()
    {
        var asha = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.PassConfidentialityAsync(asha);
        await CertificateWalk.PassOneQuestionModuleAsync(asha, "boundaries");
        await CertificateWalk.FailOneQuestionModuleAsync(asha, "promotion-accuracy");
        await CertificateWalk.PassOneQuestionModuleAsync(asha, "discrimination");

        var none = await asha.Http.GetAsync("/api/learners/me/certificate");

        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
        Assert.Equal(0, await CertificateCountAsync());
    }

    [Fact]
    public async Task Passing_a_failed_module_later_issues_the_certificate_then()
    {
        var asha = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.FailOneQuestionModuleAsync(asha, "boundaries");
        await CertificateWalk.PassAllModulesAsync(asha);

        var certificate = await asha.GetJsonAsync("/api/learners/me/certificate");

        Assert.Equal("valid", certificate.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Passing_modules_again_keeps_the_one_certificate()
    {
        var asha = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.PassAllModulesAsync(asha);
        var first = (await asha.GetJsonAsync("/api/learners/me/certificate")).GetProperty("id").GetString();

        await CertificateWalk.PassAllModulesAsync(asha);

        var second = (await asha.GetJsonAsync("/api/learners/me/certificate")).GetProperty("id").GetString();
        Assert.Equal(first, second);
        Assert.Equal(1, await CertificateCountAsync());
    }

    [Fact]
    public async Task The_database_refuses_a_second_certificate_for_the_same_delegate_and_course()
    {
        var (asha, certificate) = await CertificateWalk.CertifiedAsync(app);
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");

        var duplicate = await Record.ExceptionAsync(() => connection.ExecuteAsync(
            "INSERT INTO certificates (id, learner_id, course_id, course_title, learner_name, modules, cpd_minutes, issued_at, credential) " +
            "SELECT 'another-id-000000000000000', learner_id, course_id, course_title, learner_name, modules, cpd_minutes, issued_at, credential FROM certificates"));

        Assert.IsType<SqliteException>(duplicate);
        Assert.Contains("UNIQUE", duplicate.Message);
    }

    [Fact]
    public async Task Racing_issues_for_one_delegate_settle_on_one_certificate()
    {
        var asha = await CertificateWalk.RegisterAsync(app);
        await CertificateWalk.PassAllModulesAsync(asha);
        await using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
            await connection.ExecuteAsync("DELETE FROM certificates"); // eligible, not yet issued
        var issuer = app.Services.GetRequiredService<CertificateIssuer>();

        var issued = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => issuer.IssueIfEligibleAsync(asha.LearnerId, default))));

        Assert.Single(issued.Select(c => c!.Id).Distinct());
        Assert.Equal(1, await CertificateCountAsync());
    }

    [Fact]
    public async Task Certificate_ids_are_unguessable_url_safe_and_distinct()
    {
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await CertificateWalk.CertifiedAsync(app, $"Delegate {i}")).Certificate.GetProperty("id").GetString()!);

        Assert.All(ids, id => Assert.Matches("^[A-Za-z0-9_-]{24}$", id)); // 24 base64url characters = 144 random bits
        Assert.Equal(3, ids.Distinct().Count());
    }

    [Fact]
    public async Task The_owner_sees_the_certificate_by_id_with_links_to_its_files()
    {
        var (asha, mine) = await CertificateWalk.CertifiedAsync(app);
        var id = mine.GetProperty("id").GetString();

        var certificate = await asha.GetJsonAsync($"/api/certificates/{id}");

        Assert.Equal(id, certificate.GetProperty("id").GetString());
        Assert.Equal($"/api/certificates/{id}.pdf", certificate.GetProperty("pdfUrl").GetString());
        Assert.Equal($"/api/certificates/{id}/credential", certificate.GetProperty("credentialUrl").GetString());
        Assert.Equal($"http://localhost:5080/verify/{id}", certificate.GetProperty("verifyUrl").GetString());
    }

    async Task<long> CertificateCountAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={app.DatabasePath}");
        return await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM certificates");
    }
}
