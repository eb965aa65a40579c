using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace ELearning.Api.Lms;

/// <summary>
/// Which addresses a launch may make the API connect to while Lms:LaunchEndpoints is empty: none that is this machine
/// or its network — loopback, "this network", private (RFC 1918, IPv6 ULA), link-local (the cloud metadata address
/// 169.254.169.254 among them), carrier-grade NAT (100.64.0.0/10), multicast and broadcast; IPv4 inside IPv6 is
/// judged as IPv4. Pure. With a list, the operator has named the LRSs (their own network's included), so any address goes.
/// </summary>
public static class OutboundAddresses
{
    public static bool IsForbidden(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] is 0 or 10 or 127 || b[0] >= 224 // this network, private, loopback, multicast and reserved (broadcast)
                || (b[0] == 100 && (b[1] & 0xC0) == 64)  // 100.64.0.0/10 carrier-grade NAT
                || (b[0] == 169 && b[1] == 254)           // link-local, the metadata address
                || (b[0] == 172 && (b[1] & 0xF0) == 16)   // 172.16.0.0/12
                || (b[0] == 192 && b[1] == 168);          // 192.168.0.0/16
        }
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return true; // anything else is not the internet
        var v6 = address.GetAddressBytes();
        return IPAddress.IPv6Loopback.Equals(address) || IPAddress.IPv6None.Equals(address)
            || (v6[0] & 0xFE) == 0xFC                       // fc00::/7 unique local
            || (v6[0] == 0xFE && (v6[1] & 0xC0) == 0x80)    // fe80::/10 link-local
            || v6[0] == 0xFF                                // multicast
            || address.IsIPv4Compatible() && IsForbidden(new IPAddress(v6[12..]));
    }

    static bool IsIPv4Compatible(this IPAddress a) => a.GetAddressBytes() is var b && b[..12].All(x => x == 0);
}

/// <summary>
/// The connection step of the LMS HTTP clients: the host is resolved here and the address judged as it is connected
/// to (so a name that resolves to a private address, or a DNS answer that changes between check and use, gains
/// nothing), with a short connect timeout. Every failure — blocked, refused, closed, timed out — is the same
/// exception with the same message, so a launch cannot tell them apart to map a network.
/// </summary>
public sealed class OutboundGuard(IOptions<LmsOptions> options)
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(5);
    public const string Unreachable = "The address could not be reached.";

    public SocketsHttpHandler Handler() => new()
    {
        AllowAutoRedirect = false,
        ConnectTimeout = ConnectTimeout,
        ConnectCallback = ConnectAsync,
    };

    async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var open = options.Value.LaunchEndpoints.Length == 0;
        try
        {
            var addresses = IPAddress.TryParse(context.DnsEndPoint.Host, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(context.DnsEndPoint.Host, ct);
            var allowed = open ? addresses.Where(a => !OutboundAddresses.IsForbidden(a)).ToArray() : addresses;
            if (allowed.Length == 0) throw new HttpRequestException(Unreachable);
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(allowed, context.DnsEndPoint.Port, ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is SocketException or HttpRequestException or IOException && !ct.IsCancellationRequested)
        {
            throw new HttpRequestException(Unreachable);
        }
    }
}
