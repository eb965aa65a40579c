using ELearning.Api.Data;
using ELearning.Api.Infrastructure;

namespace ELearning.Tests.Data;

/// <summary>Migrations apply in the order of their numbers, never of their spelling, and no two share a number.</summary>
public sealed class MigrationOrderTests
{
    [Fact]
    public void Scripts_are_ordered_by_number_with_point_numbers_between_their_neighbours()
    {
        Assert.Equal(["0007_lms_sessions", "0007.1_workshops", "0008_signing_keys", "0010_z", "0100_a"],
            Migrator.Order(["0100_a", "0008_signing_keys", "0007.1_workshops", "0010_z", "0007_lms_sessions"]));
    }

    [Fact]
    public void Two_scripts_with_one_number_stop_the_start_naming_both()
    {
        var failure = Assert.Throws<StartupFailure>(() => Migrator.Order(["0007_lms_sessions", "0007_workshops", "0008_signing_keys"]));
        Assert.Contains("0007_lms_sessions and 0007_workshops", failure.Message);
    }

    [Fact]
    public void A_script_without_a_number_stops_the_start()
    {
        Assert.Throws<StartupFailure>(() => Migrator.Order(["0001_core", "workshops"]));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.PostgreSql)]
    [InlineData(DatabaseProvider.SqlServer)]
    public void Every_provider_has_the_same_scripts_each_with_its_own_number(DatabaseProvider provider)
    {
        var scripts = Migrator.Scripts(provider).Select(s => s.Version).ToList();

        Assert.Equal(Migrator.Scripts(DatabaseProvider.Sqlite).Select(s => s.Version), scripts);
        Assert.Equal(["0007_workshops"], Migrator.FormerNames(Migrator.Scripts(provider).Single(s => s.Version == "0007.1_workshops").Sql));
    }
}
