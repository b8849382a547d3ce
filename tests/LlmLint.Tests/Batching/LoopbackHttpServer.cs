using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;

namespace LlmLint.Tests.Batching;

/// <summary>An HTTP server on a free loopback port that hands each request to <see cref="Handle"/> (a fake of a provider's API).</summary>
internal abstract class LoopbackHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Task _loop;

    protected LoopbackHttpServer()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{port}");
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>Gets the server's address (no path).</summary>
    public Uri BaseAddress { get; }

    public void Dispose()
    {
        _listener.Stop();
        _listener.Close();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The listener was closed under a pending accept.
        }
    }

    /// <summary>Answers one request; an exception becomes a 500 with its message.</summary>
    /// <param name="context">The request and its response.</param>
    protected abstract void Handle(HttpListenerContext context);

    protected static void Reply(HttpListenerContext context, int status, byte[] body, string contentType = "application/json")
    {
        try
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = body.Length;
            context.Response.OutputStream.Write(body);
            context.Response.Close();
        }
        catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
        {
            // The client went away.
        }
    }

    protected static void NotFound(HttpListenerContext context) =>
        Reply(context, 404, Encoding.UTF8.GetBytes("{\"error\":{\"message\":\"no route " + context.Request.HttpMethod + " " + context.Request.Url!.AbsolutePath + "\"}}"));

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (!_listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            _ = Task.Run(() =>
            {
                try
                {
                    Handle(context);
                }
                catch (Exception ex)
                {
                    Reply(context, 500, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { error = new { message = ex.Message } })));
                }
            });
        }
    }
}
