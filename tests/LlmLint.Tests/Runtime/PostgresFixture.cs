using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace LlmLint.Tests.Runtime;

/// <summary>
/// Starts the PGlite server (<c>node .assets/pglite/server.mjs &lt;port&gt;</c>) for the PostgreSQL store tests and stops it on dispose.
/// PGlite serves one connection at a time: tests use <c>Pooling=false</c> and take <see cref="Gate"/> around store access.
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    private Process? _process;

    public string ConnectionString { get; private set; } = string.Empty;

    public SemaphoreSlim Gate { get; } = new(1, 1);

    public async Task InitializeAsync()
    {
        // LLMLINT_ASSETS points at another copy of the .assets folder (for example on a CI cache); the default is <repo>/.assets.
        string assets = Environment.GetEnvironmentVariable("LLMLINT_ASSETS") is { Length: > 0 } custom ? custom : Path.Combine(FindRepoRoot(), ".assets");
        string server = Path.Combine(assets, "pglite", "server.mjs");
        if (!File.Exists(server) || !Directory.Exists(Path.Combine(assets, "pglite", "node_modules", "@electric-sql", "pglite")))
        {
            throw new InvalidOperationException($"The PGlite server or its node_modules are missing at '{Path.GetDirectoryName(server)}'. Run eng/setup.sh to install the .assets (node and @electric-sql/pglite), or set LLMLINT_ASSETS to a folder that holds pglite/.");
        }

        int port = FreePort();
        var start = new ProcessStartInfo("node", $"\"{server}\" {port}")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(server)!,
        };

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            throw new InvalidOperationException("The PostgreSQL store tests need 'node' on PATH to run the PGlite server.", ex);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            string? line = await _process.StandardOutput.ReadLineAsync(timeout.Token);
            if (line is null)
            {
                string err = await _process.StandardError.ReadToEndAsync();
                throw new InvalidOperationException($"The PGlite server exited before it was ready: {err}");
            }

            if (line.StartsWith("READY", StringComparison.Ordinal))
            {
                break;
            }
        }

        ConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password=postgres;Database=postgres;Pooling=false;SSL Mode=Disable;Timeout=30;Command Timeout=30";
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
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    internal static string FindRepoRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LlmLint.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds LlmLint.sln.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "PostgreSQL";
}
