using Microsoft.Extensions.Options;

namespace ELearning.Api.Infrastructure;

/// <summary>
/// A reason the API cannot start that the operator must fix (a setting, an unreachable database): reported as one line
/// naming the setting, not as a stack trace.
/// </summary>
public sealed class StartupFailure(string message, Exception? inner = null) : Exception(message, inner)
{
    public override string ToString() => Message;

    /// <summary>
    /// When the process is about to die of a <see cref="StartupFailure"/> or a failed options check, print its one line and exit 1
    /// instead of the runtime's stack dump. (Under a test host the exception is caught and never reaches here.)
    /// </summary>
    public static void ReportOnOneLine() => AppDomain.CurrentDomain.UnhandledException += (_, e) =>
    {
        var line = e.ExceptionObject switch
        {
            StartupFailure f => f.Message,
            OptionsValidationException o => string.Join(" ", o.Failures),
            AggregateException { InnerException: OptionsValidationException o } => string.Join(" ", o.Failures),
            _ => null,
        };
        if (line is null) return;
        Console.Error.WriteLine($"ELearning did not start: {line}");
        Environment.Exit(1);
    };
}
