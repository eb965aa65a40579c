using ELearning.Api.Certificates;

namespace ELearning.Tests.Certificates;

public sealed class CpdDurationTests
{
    [Theory]
    [InlineData(16, "16 minutes")]
    [InlineData(1, "1 minute")]
    [InlineData(60, "1 hour")]
    [InlineData(90, "1 hour 30 minutes")]
    [InlineData(118, "1 hour 58 minutes")]
    [InlineData(121, "2 hours 1 minute")]
    public void Cpd_time_is_written_in_hours_and_minutes(int minutes, string expected) =>
        Assert.Equal(expected, CpdDuration.Format(minutes));
}
