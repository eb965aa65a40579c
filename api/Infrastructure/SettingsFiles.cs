using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ELearning.Api.Infrastructure;

/// <summary>
/// appsettings.json (and its environment's file) re-read when they change, by polling the two files, not by watching
/// the content root. The host's default watch is recursive: it puts a watch on every folder under the content root,
/// which is the working directory the API is started from (the repository, with its node_modules: 1,009 folders, and
/// 38 ms of a start measured; a service started from "/", the whole file system, until the kernel's watch limit stops
/// the start). Polling looks at the two files' times every four seconds.
/// </summary>
public static class SettingsFiles
{
    /// <summary>For <see cref="WebApplication.CreateBuilder(string[])"/>: the host's own appsettings sources, without their watch.</summary>
    public static string[] WithoutHostWatch(string[] args) => ["--hostBuilder:reloadConfigOnChange=false", .. args];

    /// <summary>The settings files in <paramref name="contentRoot"/> that the configuration reads, re-read on change by polling.</summary>
    public static void ReloadByPolling(IConfigurationBuilder configuration, string contentRoot)
    {
        var files = new PhysicalFileProvider(contentRoot) { UsePollingFileWatcher = true, UseActivePolling = true };
        for (var i = 0; i < configuration.Sources.Count; i++)
            if (configuration.Sources[i] is JsonConfigurationSource { Path: { } path } json && path.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)
                && (json.FileProvider is not PhysicalFileProvider physical || SameFolder(physical.Root, contentRoot)))
                configuration.Sources[i] = new JsonConfigurationSource
                {
                    Path = path, Optional = json.Optional, ReloadOnChange = true, ReloadDelay = json.ReloadDelay, FileProvider = files,
                };
    }

    static bool SameFolder(string a, string b) =>
        string.Equals(Path.TrimEndingDirectorySeparator(Path.GetFullPath(a)), Path.TrimEndingDirectorySeparator(Path.GetFullPath(b)), StringComparison.Ordinal);
}
