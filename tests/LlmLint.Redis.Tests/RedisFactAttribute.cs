using System;

namespace LlmLint.Redis.Tests;

/// <summary>A fact that needs <c>redis-server</c>: reported as skipped, with the reason, when it is not installed.</summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class RedisFactAttribute : FactAttribute
{
    public RedisFactAttribute()
    {
        if (RedisServer.FindExecutable() is null)
        {
            Skip = "redis-server is not installed: run eng/redis/install.sh (apt-get install redis-server)";
        }
    }
}
