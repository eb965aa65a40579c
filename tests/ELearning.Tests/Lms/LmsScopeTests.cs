using ELearning.Api.Identity;

namespace ELearning.Tests.Lms;

/// <summary>
/// What an LMS session's scope reaches, decided without a lookup: SCORM and cmi5 their one attempt, Tin Can the attempts
/// started under its launch, each of which belongs to a launch derived from that launch and the attempt.
/// </summary>
public sealed class LmsScopeTests
{
    static readonly Guid CourseLaunch = Guid.Parse("6f1d3c52-9a4e-4b7e-8d21-3f5a7c9e1b20");
    static readonly Guid Attempt = Guid.Parse("0c8e2a44-1d7b-4f39-a6c5-92e4b8d17f03");

    [Fact]
    public void A_tin_can_attempts_own_launch_is_the_same_each_time_and_names_its_course_launch_and_attempt()
    {
        var own = LmsScope.TinCanAttemptLaunch(CourseLaunch, Attempt);

        Assert.Equal(own, LmsScope.TinCanAttemptLaunch(CourseLaunch, Attempt));
        Assert.NotEqual(own, LmsScope.TinCanAttemptLaunch(Guid.NewGuid(), Attempt));
        Assert.NotEqual(own, LmsScope.TinCanAttemptLaunch(CourseLaunch, Guid.NewGuid()));
        Assert.NotEqual(own, LmsScope.TinCanAttemptLaunch(Attempt, CourseLaunch));
        Assert.NotEqual(CourseLaunch, own);
        Assert.Equal(8, own.Version);
        Assert.Equal(0b10, own.ToByteArray()[8] >> 6);
    }

    [Fact]
    public void A_tin_can_session_reaches_the_attempts_started_under_its_launch_and_no_other()
    {
        var scope = LmsScope.TinCan(CourseLaunch);

        Assert.True(scope.MayUse(Attempt, LmsScope.TinCanAttemptLaunch(CourseLaunch, Attempt)));
        Assert.False(scope.MayUse(Attempt, CourseLaunch));
        Assert.False(scope.MayUse(Attempt, null));
        Assert.False(scope.MayUse(Attempt, LmsScope.TinCanAttemptLaunch(Guid.NewGuid(), Attempt)));
        // Another attempt's launch does not open this attempt.
        Assert.False(scope.MayUse(Attempt, LmsScope.TinCanAttemptLaunch(CourseLaunch, Guid.NewGuid())));
    }

    [Theory]
    [InlineData(LmsScope.ScormKind)]
    [InlineData(LmsScope.Cmi5Kind)]
    public void A_scorm_or_cmi5_session_reaches_its_one_attempt_whatever_launch_it_names(string kind)
    {
        var scope = new LmsScope(kind, Attempt);

        Assert.True(scope.MayUse(Attempt, null));
        Assert.True(scope.MayUse(Attempt, Guid.NewGuid()));
        Assert.False(scope.MayUse(Guid.NewGuid(), null));
    }

    [Theory]
    [InlineData("tincan:6f1d3c52-9a4e-4b7e-8d21-3f5a7c9e1b20", true)]
    [InlineData("scorm:6f1d3c52-9a4e-4b7e-8d21-3f5a7c9e1b20", true)]
    [InlineData("cmi5:6f1d3c52-9a4e-4b7e-8d21-3f5a7c9e1b20", true)]
    [InlineData("admin:6f1d3c52-9a4e-4b7e-8d21-3f5a7c9e1b20", false)]
    [InlineData("scorm:6F1D3C529A4E4B7E8D213F5A7C9E1B20", false)]
    [InlineData("scorm", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_stored_scope_reads_back_only_in_its_own_form(string? stored, bool readable)
    {
        var scope = LmsScope.Parse(stored);

        Assert.Equal(readable, scope is not null);
        if (scope is not null) Assert.Equal(stored, scope.ToString());
    }
}
