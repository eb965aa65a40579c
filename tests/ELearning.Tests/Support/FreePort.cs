using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace ELearning.Tests.Support;

public static class FreePort
{
    // Tests run in parallel, and a port released here is free again until its server binds it: remember what was
    // handed out so two servers of this run are never given the same one.
    static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>A port of 127.0.0.1 that nothing listens on now, for a server that must know its address before it starts.</summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0)) return port;
        }
    }
}
