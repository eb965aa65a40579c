using System.Net;
using ELearning.Api.Tracking.Xapi;

namespace ELearning.Tests.Tracking;

/// <summary>Our xAPI client against the real LRS: the parts of the Statements resource the dispatcher does not use.</summary>
[Collection(LrsCollection.Name)]
public sealed class LrsClientTests(LrsFixture lrs)
{
    [Fact]
    public async Task A_statement_put_by_id_reads_back_equal_and_an_unknown_id_is_null()
    {
        var statement = Sample(Guid.NewGuid(), 0);

        await lrs.Client().SaveStatementAsync(statement, CancellationToken.None);
        var read = await lrs.Client().GetStatementAsync(statement.Id, CancellationToken.None);

        Assert.NotNull(read);
        Assert.Equal((statement.Id, statement.Verb.Id, statement.Target.Id, statement.Context!.Registration),
            (read.Id, read.Verb.Id, read.Target.Id, read.Context!.Registration));
        Assert.Equal(statement.Result!.Duration, read.Result!.Duration);
        Assert.Null(await lrs.Client().GetStatementAsync(Guid.NewGuid(), CancellationToken.None));
    }

    [Fact]
    public async Task A_query_follows_more_links_until_every_page_is_read()
    {
        var registration = Guid.NewGuid();
        var saved = await lrs.Client().SaveStatementsAsync(Enumerable.Range(0, 7).Select(i => Sample(registration, i)), CancellationToken.None);

        var read = await lrs.Client().QueryStatementsAsync(
            new Dictionary<string, string> { ["registration"] = registration.ToString(), ["limit"] = "2", ["ascending"] = "true" }, CancellationToken.None);

        Assert.Equal(7, saved.Count);
        Assert.Equal(saved, read.Select(s => s.Id));
    }

    [Fact]
    public async Task An_invalid_statement_is_refused_with_the_LRS_reason()
    {
        var bad = Sample(Guid.NewGuid(), 0) with { Verb = new Verb("answered") };

        var error = await Assert.ThrowsAsync<LrsException>(() => lrs.Client().SaveStatementsAsync([bad], CancellationToken.None));

        Assert.Equal(HttpStatusCode.BadRequest, error.Response!.Status);
        Assert.Contains("verb.id", error.Response.Body);
    }

    static Statement Sample(Guid registration, int i) => new()
    {
        Id = Guid.NewGuid(),
        Actor = Agent.WithAccount("http://localhost:5080/", "client-test"),
        Verb = Verbs.Experienced,
        Target = new Activity { Id = $"https://example.org/client-test/{i}" },
        Result = new Result { Duration = TimeSpan.FromSeconds(1.25) },
        Context = new Context { Registration = registration },
        Timestamp = DateTimeOffset.UtcNow.AddSeconds(-10 + i),
    };
}
