using ELearning.Api.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.FileProviders;

namespace ELearning.Tests.Api;

/// <summary>
/// appsettings.json is re-read when it changes (an administrator's key removed stops working), by polling the file:
/// the host's own watch put one on every folder under the working directory.
/// </summary>
public sealed class SettingsFilesTests : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("elearning-settings-").FullName;

    public void Dispose() => Directory.Delete(root, recursive: true);

    [Fact]
    public async Task A_changed_settings_file_is_read_again_without_a_watch_on_the_folders()
    {
        File.WriteAllText(Path.Combine(root, "appsettings.json"), """{ "Admin": { "Keys": { "alice": "first" } } }""");
        var configuration = new ConfigurationManager();
        configuration.AddJsonFile(new PhysicalFileProvider(root), "appsettings.json", optional: true, reloadOnChange: false);
        configuration.AddInMemoryCollection([new("Other", "kept")]);

        SettingsFiles.ReloadByPolling(configuration, root);
        var json = Assert.Single(configuration.Sources.OfType<JsonConfigurationSource>());
        Assert.True(json.ReloadOnChange);
        Assert.True(Assert.IsType<PhysicalFileProvider>(json.FileProvider).UseActivePolling); // a timer looks at the file; no watcher
        Assert.Equal("kept", configuration["Other"]); // the other sources, in their order

        // A later modification time than the file had (the poll compares times), as an editor saving it would give.
        File.WriteAllText(Path.Combine(root, "appsettings.json"), """{ "Admin": { "Keys": { "alice": "second" } } }""");
        File.SetLastWriteTimeUtc(Path.Combine(root, "appsettings.json"), DateTime.UtcNow.AddSeconds(5));
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (configuration["Admin:Keys:alice"] != "second" && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.Equal("second", configuration["Admin:Keys:alice"]);
    }

    [Fact]
    public void Settings_files_elsewhere_and_other_json_files_are_left_as_they_were()
    {
        var elsewhere = Directory.CreateTempSubdirectory("elearning-secrets-").FullName;
        try
        {
            var configuration = new ConfigurationManager();
            configuration.AddJsonFile(new PhysicalFileProvider(elsewhere), "appsettings.json", optional: true, reloadOnChange: false);
            configuration.AddJsonFile(new PhysicalFileProvider(root), "secrets.json", optional: true, reloadOnChange: false);

            SettingsFiles.ReloadByPolling(configuration, root);

            Assert.All(configuration.Sources.OfType<JsonConfigurationSource>(), s => Assert.False(s.ReloadOnChange));
            Assert.Equal(2, configuration.Sources.OfType<JsonConfigurationSource>().Count());
        }
        finally { Directory.Delete(elsewhere, recursive: true); }
    }

    [Fact]
    public void The_host_is_asked_not_to_watch_and_the_callers_arguments_come_after_so_they_still_win()
    {
        var args = SettingsFiles.WithoutHostWatch(["--urls", "http://127.0.0.1:5000"]);

        Assert.Equal(["--hostBuilder:reloadConfigOnChange=false", "--urls", "http://127.0.0.1:5000"], args);
    }
}
