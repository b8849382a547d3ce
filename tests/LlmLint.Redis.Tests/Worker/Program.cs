using System;
using System.Linq;
using System.Threading.Tasks;
using LlmLint.Caching;
using LlmLint.Redis;
using LlmLint.Redis.Worker;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

// Usage: LlmLint.Redis.Worker <redis host:port> <upstream url> <concurrent requests> <prompt>
// Prints "ready", waits for a line on standard input, sends the requests at once, then prints one result line.
if (args.Length != 4 || !int.TryParse(args[2], out int requests) || requests <= 0)
{
    Console.Error.WriteLine("usage: LlmLint.Redis.Worker <redis host:port> <upstream url> <concurrent requests > 0> <prompt>");
    return 2;
}

var config = new ConfigurationOptions { AbortOnConnectFail = false, BacklogPolicy = BacklogPolicy.FailFast, ConnectTimeout = 2000 };
config.EndPoints.Add(args[0]);
using ConnectionMultiplexer redis = await ConnectionMultiplexer.ConnectAsync(config);
using IChatClient client = new ChatClientBuilder(new HttpUpstreamChatClient(new Uri(args[1])))
    .UseLlmLintRedisCache(redis, o =>
    {
        o.StoreTimeout = TimeSpan.FromSeconds(5);
        o.FlightWait = TimeSpan.FromSeconds(30);
    })
    .Build();
LlmLintCachingChatClient cache = client.GetService<LlmLintCachingChatClient>() ?? throw new InvalidOperationException("no cache in the pipeline");

Console.WriteLine("ready");
Console.ReadLine();
Task<ChatResponse>[] calls = Enumerable.Range(0, requests).Select(_ => Task.Run(() => client.GetResponseAsync(args[3]))).ToArray();
int errors = 0;
var answers = new System.Collections.Generic.HashSet<string>(StringComparer.Ordinal);
foreach (Task<ChatResponse> call in calls)
{
    try
    {
        answers.Add((await call).Text);
    }
    catch (Exception ex)
    {
        errors++;
        Console.Error.WriteLine(ex.Message);
    }
}

Console.WriteLine($"result hits={cache.Hits} misses={cache.Misses} bypasses={cache.StoreBypasses} errors={errors} answers={answers.Count} answer={string.Join("|", answers)}");
return 0;
