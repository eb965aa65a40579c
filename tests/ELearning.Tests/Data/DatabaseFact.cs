using Xunit.Abstractions;
using Xunit.Sdk;

namespace ELearning.Tests.Data;

/// <summary>The test class runs its inherited tests on SQL Server: skipped, with the reason, unless ELEARNING_TEST_SQLSERVER is set.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class SqlServerTestsAttribute : Attribute;

/// <summary>
/// A fact in a provider-parametrised test body. It runs in each sealed subclass (one per provider); in a class marked
/// <see cref="SqlServerTestsAttribute"/> it is reported skipped, naming ELEARNING_TEST_SQLSERVER, when no server is given.
/// </summary>
[XunitTestCaseDiscoverer("ELearning.Tests.Data.DatabaseFactDiscoverer", "ELearning.Tests")]
[AttributeUsage(AttributeTargets.Method)]
public sealed class DatabaseFactAttribute : FactAttribute;

public sealed class DatabaseFactDiscoverer(IMessageSink diagnostics) : IXunitTestCaseDiscoverer
{
    public IEnumerable<IXunitTestCase> Discover(ITestFrameworkDiscoveryOptions options, ITestMethod method, IAttributeInfo fact) =>
        [new DatabaseTestCase(diagnostics, options.MethodDisplayOrDefault(), options.MethodDisplayOptionsOrDefault(), method)];
}

public sealed class DatabaseTestCase : XunitTestCase
{
    public const string SqlServerSkipReason = $"SQL Server tests need {SqlServerTestDatabase.Variable} (a connection string whose login may create databases).";

    [Obsolete("For deserialisation only.")]
    public DatabaseTestCase() { }

    public DatabaseTestCase(IMessageSink diagnostics, TestMethodDisplay display, TestMethodDisplayOptions displayOptions, ITestMethod method)
        : base(diagnostics, display, displayOptions, method) { }

    protected override string? GetSkipReason(IAttributeInfo factAttribute) =>
        TestMethod.TestClass.Class.GetCustomAttributes(typeof(SqlServerTestsAttribute)).Any() && SqlServerTestDatabase.Server is null
            ? SqlServerSkipReason
            : base.GetSkipReason(factAttribute);
}
