using System;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Redis.Tests;

/// <summary>
/// The fake model of every worker process: a loopback HTTP server that counts the calls it receives, holds each for
/// <see cref="Delay"/> (so concurrent callers overlap) and answers "answer-N" with N the call's number.
/// </summary>
internal sealed class LoopbackUpstream : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly CancellationTokenSource _stop = new();
    private int _calls;

    public LoopbackUpstream(TimeSpan delay)
    {
        Delay = delay;
        for (int attempt = 0; ; attempt++)
        {
            int port = LoopbackPort.Free();
            Url = new Uri($"http://127.0.0.1:{port}/");
            _listener.Prefixes.Clear();
            _listener.Prefixes.Add(Url.ToString());
            try
            {
                _listener.Start();
                break;
            }
            catch (HttpListenerException) when (attempt < 5)
            {
            }
        }

        _ = Task.Run(ServeAsync);
    }

    public Uri Url { get; private set; } = null!;

    public TimeSpan Delay { get; }

    public int Calls => Volatile.Read(ref _calls);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Close();
    }

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            _ = Task.Run(async () =>
            {
                int n = Interlocked.Increment(ref _calls);
                await Task.Delay(Delay);
                byte[] body = Encoding.UTF8.GetBytes($"answer-{n}");
                context.Response.ContentType = "text/plain";
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            });
        }
    }
}
