using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;

namespace LlmLint.Redis.Tests;

/// <summary>Concurrent identical requests in several processes that share one Redis make one upstream call.</summary>
public sealed class CrossProcessSingleFlightTests
{
    private const int Processes = 4;
    private const int RequestsPerProcess = 250;

    [RedisFact]
    public async Task Four_processes_of_250_concurrent_identical_requests_make_one_upstream_call()
    {
        using RedisServer redis = RedisServer.Start();
        using var upstream = new LoopbackUpstream(TimeSpan.FromMilliseconds(500));
        var workers = new List<Process>();
        try
        {
            for (int i = 0; i < Processes; i++)
            {
                workers.Add(StartWorker(redis.EndPoint, upstream.Url, RequestsPerProcess, "How long is the refund window for an order?"));
            }

            // Every worker connects first; then all are released together, so their requests overlap.
            foreach (Process worker in workers)
            {
                Assert.Equal("ready", await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30)));
            }

            foreach (Process worker in workers)
            {
                await worker.StandardInput.WriteLineAsync("go");
                await worker.StandardInput.FlushAsync();
            }

            var results = new List<WorkerResult>();
            foreach (Process worker in workers)
            {
                string? line = await worker.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(40));
                results.Add(WorkerResult.Parse(line));
            }

            Assert.Equal(1, upstream.Calls);
            Assert.All(results, r =>
            {
                Assert.Equal(0, r.Errors);
                Assert.Equal(0, r.Bypasses);
                Assert.Equal("answer-1", r.Answer);
            });
            Assert.Equal(1, results.Sum(r => r.Misses));
            Assert.Equal((Processes * RequestsPerProcess) - 1, results.Sum(r => r.Hits));
        }
        finally
        {
            foreach (Process worker in workers)
            {
                if (!worker.HasExited)
                {
                    worker.Kill();
                }

                worker.Dispose();
            }
        }
    }

    private static Process StartWorker(string redis, Uri upstream, int requests, string prompt)
    {
        string dll = typeof(CrossProcessSingleFlightTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "LlmLint.Redis.WorkerPath").Value!;
        Assert.True(System.IO.File.Exists(dll), $"the worker is not built: {dll}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { dll, redis, upstream.ToString(), requests.ToString(System.Globalization.CultureInfo.InvariantCulture), prompt })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the worker did not start");
    }

    private sealed record WorkerResult(long Hits, long Misses, long Bypasses, int Errors, string Answer)
    {
        public static WorkerResult Parse(string? line)
        {
            Assert.NotNull(line);
            Assert.StartsWith("result ", line);
            Dictionary<string, string> fields = line["result ".Length..].Split(' ')
                .Select(f => f.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv[1]);
            Assert.Equal("1", fields["answers"]);
            return new WorkerResult(long.Parse(fields["hits"]), long.Parse(fields["misses"]), long.Parse(fields["bypasses"]), int.Parse(fields["errors"]), fields["answer"]);
        }
    }
}
