using System.Net.Sockets;

static class RuntimeThreads
{
    // CPU time of a process's tiered-compilation thread (".NET Tiered Com" as Linux shortens its name).
    public static TimeSpan TieredCompilerCpu(int pid) => Cpu(pid, ".NET Tiered Com");

    // CPU time of the API's SQLite writer (SqliteGroupCommit.WriterThreadName, within Linux's 15 characters): every
    // answer's transaction is its turn, one at a time, so its CPU per answer is the part of an answer no core can share.
    public static TimeSpan SqliteWriterCpu(int pid) => Cpu(pid, "SQLite writer");

    // CPU time of a process's threads of this name, from /proc, in clock ticks of 10 ms.
    static TimeSpan Cpu(int pid, string threadName)
    {
        long ticks = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                if (File.ReadAllText($"{task}/comm").Trim() != threadName) continue;
                var stat = File.ReadAllText($"{task}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                ticks += long.Parse(fields[11]) + long.Parse(fields[12]);
            }
            catch (IOException) { }
        }
        return TimeSpan.FromSeconds(ticks / 100.0);
    }
}

static class Ports
{
    public static int Free()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
