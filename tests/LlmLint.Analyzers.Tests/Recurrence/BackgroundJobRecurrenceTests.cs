using System.Threading.Tasks;
using LlmLint.Analyzers.Tests.Infrastructure;
using VerifyCS = LlmLint.Analyzers.Tests.Infrastructure.CSharpCodeFixVerifier<LlmLint.Analyzers.Rules.CacheDeterministicCallAnalyzer, LlmLint.CodeFixes.CacheDeterministicCallFixer>;
using static LlmLint.Analyzers.Tests.Recurrence.RecurrenceVerifier;

namespace LlmLint.Analyzers.Tests.Recurrence;

/// <summary>LLM2003 in background, periodic and scheduled jobs (hosted services, timers, Hangfire and Quartz jobs): a call on every run fires, a call made once does not.</summary>
public class BackgroundJobRecurrenceTests
{
    [Fact]
    public Task BackgroundService_ExecuteAsync_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Hosting;

        public sealed class Poller(IChatClient client, Func<Task<string>> nextDocument) : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                string doc = await nextDocument();
                var r = await client.{|LLM2003:GetResponseAsync|}("Is this document urgent? Answer yes or no: " + doc, cancellationToken: stoppingToken);
                if (r.Text.Trim() == "yes")
                {
                    Console.WriteLine("urgent");
                }
            }
        }
        """, "in BackgroundService 'Poller.ExecuteAsync'");

    [Fact]
    public Task HostedService_StartAsyncOnce_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Hosting;

        public sealed class Warmup(IChatClient client, string greeting) : IHostedService
        {
            // Runs once at start-up with free input: nothing recurs.
            public async Task StartAsync(CancellationToken cancellationToken)
            {
                var r = await client.GetResponseAsync("Is this greeting polite? Answer yes or no: " + greeting, cancellationToken: cancellationToken);
                Console.WriteLine(r.Text.Trim() == "yes");
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
        }
        """, Refs);

    [Fact]
    public Task HostedServiceTimerWorkMethod_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;
        using Microsoft.Extensions.Hosting;

        public sealed class TimedReview(IChatClient client, Func<string> latest) : IHostedService, IDisposable
        {
            private Timer? _timer;

            public Task StartAsync(CancellationToken cancellationToken)
            {
                _timer = new Timer(DoWork, null, TimeSpan.Zero, TimeSpan.FromMinutes(10));
                return Task.CompletedTask;
            }

            private async void DoWork(object? state)
            {
                var r = await client.{|LLM2003:GetResponseAsync|}("Does this entry break the posting rules? Answer yes or no: " + latest());
                if (r.Text.Trim() == "yes") Console.WriteLine("flag");
            }

            public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

            public void Dispose() => _timer?.Dispose();
        }
        """, "in a System.Threading.Timer callback (through 'TimedReview.DoWork')");

    [Fact]
    public Task PeriodicTimerLoop_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Monitor(IChatClient client, Func<string> status)
        {
            public async Task WatchAsync(CancellationToken ct)
            {
                using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5));
                while (await timer.WaitForNextTickAsync(ct))
                {
                    var r = await client.{|LLM2003:GetResponseAsync|}("Is this status an outage? Answer yes or no: " + status(), cancellationToken: ct);
                    if (r.Text.Trim() == "yes") Console.WriteLine("outage");
                }
            }
        }
        """, "in a PeriodicTimer loop");

    [Fact]
    public Task ThreadingTimerCallback_Fires() => FiresAsync("""
        using System;
        using System.Threading;
        using Microsoft.Extensions.AI;

        public sealed class Sampler : IDisposable
        {
            private readonly Timer _timer;

            public Sampler(IChatClient client, Func<string> sample)
            {
                _timer = new Timer(async _ =>
                {
                    var r = await client.{|LLM2003:GetResponseAsync|}("Is this log line an error? Answer yes or no: " + sample());
                    if (r.Text.Trim() == "yes") Console.WriteLine("error");
                }, null, TimeSpan.Zero, TimeSpan.FromMinutes(1));
            }

            public void Dispose() => _timer.Dispose();
        }
        """, "in a System.Threading.Timer callback");

    [Fact]
    public Task TimersTimerElapsedMethodGroup_Fires() => FiresAsync("""
        using System;
        using System.Timers;
        using Microsoft.Extensions.AI;

        public sealed class Sampler
        {
            private readonly IChatClient _client;
            private readonly Func<string> _sample;
            private readonly Timer _timer = new(60_000);

            public Sampler(IChatClient client, Func<string> sample)
            {
                _client = client;
                _sample = sample;
                _timer.Elapsed += OnElapsed;
            }

            private async void OnElapsed(object? sender, ElapsedEventArgs e)
            {
                var r = await _client.{|LLM2003:GetResponseAsync|}("Is this log line an error? Answer yes or no: " + _sample());
                if (r.Text.Trim() == "yes") Console.WriteLine("error");
            }
        }
        """, "in a System.Timers.Timer 'Elapsed' handler (through 'Sampler.OnElapsed')");

    [Fact]
    public Task Timer_CreatedButCallOutsideCallback_Silent() => VerifyCS.VerifyAnalyzerAsync("""
        using System;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class Once(IChatClient client)
        {
            public async Task<bool> CheckAsync(string line)
            {
                using var timer = new Timer(_ => Console.WriteLine("tick"), null, 0, 1000);
                var r = await client.GetResponseAsync("Is this log line an error? Answer yes or no: " + line);
                return r.Text.Trim() == "yes";
            }
        }
        """, Refs);

    private const string Hangfire = """
        namespace Hangfire
        {
            public static class RecurringJob
            {
                public static void AddOrUpdate<T>(string recurringJobId, System.Linq.Expressions.Expression<System.Func<T, System.Threading.Tasks.Task>> methodCall, string cronExpression) { }
            }

            public static class BackgroundJob
            {
                public static string Enqueue<T>(System.Linq.Expressions.Expression<System.Func<T, System.Threading.Tasks.Task>> methodCall) => "";
            }
        }
        """;

    private const string ReportJob = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        public sealed class ReportJob(IChatClient client, Func<string> latest)
        {
            public async Task RunAsync()
            {
                var r = await client.{|LLM2003:GetResponseAsync|}("Does this report need review? Answer yes or no: " + latest());
                if (r.Text.Trim() == "yes") Console.WriteLine("review");
            }
        }

        public static class Jobs
        {
            public static void Register() => Hangfire.RecurringJob.AddOrUpdate<ReportJob>("report", j => j.RunAsync(), "*/5 * * * *");
        }
        """;

    [Fact]
    public Task HangfireRecurringJob_ByName_Fires() =>
        FiresAsync(ReportJob + Hangfire, "in the Hangfire recurring job 'RecurringJob.AddOrUpdate' (through 'ReportJob.RunAsync')");

    [Fact]
    public Task HangfireEnqueueOnce_Silent() => VerifyCS.VerifyAnalyzerAsync(
        (ReportJob + Hangfire).Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync")
            .Replace("Hangfire.RecurringJob.AddOrUpdate<ReportJob>(\"report\", j => j.RunAsync(), \"*/5 * * * *\")", "Hangfire.BackgroundJob.Enqueue<ReportJob>(j => j.RunAsync())"), Refs);

    private const string QuartzJob = """
        using System;
        using System.Threading.Tasks;
        using Microsoft.Extensions.AI;

        namespace Quartz
        {
            public interface IJobExecutionContext { }
            public interface IJob { Task Execute(IJobExecutionContext context); }
        }

        public sealed class DigestJob(IChatClient client, Func<string> latest) : Quartz.IJob
        {
            public async Task Execute(Quartz.IJobExecutionContext context)
            {
                var r = await client.{|LLM2003:GetResponseAsync|}("Is this digest empty? Answer yes or no: " + latest());
                if (r.Text.Trim() == "yes") Console.WriteLine("empty");
            }
        }
        """;

    [Fact]
    public Task QuartzJob_ByName_Fires() => FiresAsync(QuartzJob, "in the Quartz job 'DigestJob.Execute'");

    [Fact]
    public Task ExecuteMethodOfOtherInterface_Silent() => VerifyCS.VerifyAnalyzerAsync(
        QuartzJob.Replace("{|LLM2003:GetResponseAsync|}", "GetResponseAsync").Replace("namespace Quartz", "namespace Commands").Replace("Quartz.", "Commands."), Refs);
}
