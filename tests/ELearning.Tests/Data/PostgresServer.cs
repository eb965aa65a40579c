using System.Diagnostics;
using Npgsql;

namespace ELearning.Tests.Data;

/// <summary>
/// A real PostgreSQL from Debian's package, one per test run: initdb in a temporary data directory, listening on a free
/// port of 127.0.0.1 only (no Unix socket outside the data directory), password (SCRAM) authentication over TCP. As
/// root (the tests' user in CI) it runs as the package's <c>postgres</c> user through runuser, since PostgreSQL refuses
/// to run as root. Each test gets a database of its own (<see cref="CreateDatabaseAsync"/>). Stopped when the run ends.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string Password = "elearning-test-password";
    readonly string dataDir = Path.Combine(Path.GetTempPath(), $"elearning-pg-{Guid.NewGuid():N}");
    public int Port { get; } = FreePort.Next();
    public string Bin { get; } = FindBin();
    static bool Root => Environment.UserName == "root";

    public string ConnectionString(string database, string? password = Password) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Password={password};Database={database};Timeout=10;Include Error Detail=false";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(dataDir);
        var pwfile = Path.Combine(Path.GetTempPath(), $"elearning-pgpw-{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(pwfile, Password);
        try
        {
            if (Root)
            {
                await RunAsync("chown", "postgres:postgres", dataDir);
                await RunAsync("chown", "postgres:postgres", pwfile);
            }
            await AsPostgresAsync("initdb", "-D", dataDir, "-U", "postgres", "--pwfile", pwfile, "--auth-local=trust", "--auth-host=scram-sha-256",
                "--no-sync", "--encoding=UTF8", "--locale=C");
        }
        finally { File.Delete(pwfile); }
        // fsync off: a test server holds nothing worth a power cut, and it saves the shared machine's disk.
        await AsPostgresAsync("pg_ctl", "-D", dataDir, "-l", Path.Combine(dataDir, "server.log"), "-w", "-t", "60",
            "-o", $"-p {Port} -c listen_addresses=127.0.0.1 -k {dataDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300",
            "start");
    }

    /// <summary>A new, empty database for one test; dropped with <see cref="DropDatabaseAsync"/>.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
        await create.ExecuteNonQueryAsync();
        return name;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(ConnectionString("postgres"));
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try { await AsPostgresAsync("pg_ctl", "-D", dataDir, "-m", "fast", "-w", "stop"); }
        finally { try { Directory.Delete(dataDir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
    }

    Task AsPostgresAsync(string tool, params string[] args) =>
        Root ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(Bin, tool), .. args]) : RunAsync(Path.Combine(Bin, tool), args);

    static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/" };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {await error} {await output}");
    }

    static string FindBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0).FirstOrDefault()
              ?? throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: run scripts/setup-test-deps.sh (apt-get install postgresql).")
            : throw new InvalidOperationException("No PostgreSQL server under /usr/lib/postgresql: run scripts/setup-test-deps.sh (apt-get install postgresql).");
}

/// <summary>
/// Every test class that uses the run's PostgreSQL joins this collection: one server, started once, stopped at the end.
/// The scale-out test also needs a real LRS; a class can join one collection only, so this one carries an LRS too.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresServer>, ICollectionFixture<ELearning.Tests.Tracking.LrsFixture>
{
    public const string Name = "PostgreSQL";
}
