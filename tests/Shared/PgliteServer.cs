using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Tests;

/// <summary>
/// Starts <c>node .assets/pglite/server.mjs &lt;port&gt;</c> (PostgreSQL + pgvector in memory) and stops it on dispose.
/// PGlite serves one connection at a time: tests connect with <c>Pooling=false</c> and take <see cref="Gate"/> around store access.
/// </summary>
public sealed class PgliteServer : IAsyncLifetime
{
    private Process? _process;

    public string ConnectionString { get; private set; } = string.Empty;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Gets the port to listen on (a free one when not set), so that a test can replace a server on the same address.</summary>
    public int? Port { get; init; }

    public async Task InitializeAsync()
    {
        // LLMLINT_PGLITE_SERVER may point at another copy of server.mjs (with its node_modules beside it);
        // LLMLINT_ASSETS at another copy of the whole .assets folder (for example a CI cache). The default is <repo>/.assets.
        string? fromEnvironment = Environment.GetEnvironmentVariable("LLMLINT_PGLITE_SERVER");
        string assets = Environment.GetEnvironmentVariable("LLMLINT_ASSETS") is { Length: > 0 } custom ? custom : Path.Combine(TestRepo.Root, ".assets");
        string script = !string.IsNullOrWhiteSpace(fromEnvironment)
            ? Path.GetFullPath(fromEnvironment)
            : Path.Combine(assets, "pglite", "server.mjs");
        if (!File.Exists(script) || !Directory.Exists(Path.Combine(Path.GetDirectoryName(script)!, "node_modules", "@electric-sql", "pglite")))
        {
            throw new InvalidOperationException($"The PGlite server or its node_modules are missing at '{Path.GetDirectoryName(script)}'. Run eng/setup.sh to install the .assets folder (or set LLMLINT_PGLITE_SERVER / LLMLINT_ASSETS).");
        }

        int port = Port ?? FreePort();
        var start = new ProcessStartInfo("node", $"\"{script}\" {port}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(script)!,
        };
        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("Node.js ('node') is required to run the PostgreSQL store tests against PGlite and was not found on PATH.", ex);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            string? line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                string error = await _process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"The PGlite server exited before it was ready: {error}");
            }

            if (line.StartsWith("READY", StringComparison.Ordinal))
            {
                break;
            }
        }

        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Database=postgres;Pooling=false;SSL Mode=Disable;Timeout=30;Command Timeout=60";
    }

    public async Task DisposeAsync()
    {
        if (_process is null)
        {
            return;
        }

        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>Tests that share one PGlite server, one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PgliteServer>
{
    public const string Name = "PostgreSQL";
}
