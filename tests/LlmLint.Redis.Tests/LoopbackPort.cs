using System.Net;
using System.Net.Sockets;

namespace LlmLint.Redis.Tests;

internal static class LoopbackPort
{
    /// <summary>Gets a loopback TCP port that was free a moment ago.</summary>
    public static int Free()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
