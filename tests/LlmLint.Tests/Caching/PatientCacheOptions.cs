using System;
using LlmLint.Caching;

namespace LlmLint.Tests.Caching;

/// <summary>
/// Cache options for tests that cross a real store (a SQLite file, a PostgreSQL server) and assert a hit: the
/// shipped half-second store timeout is a bypass on a loaded machine, and a bypass is not what those tests measure.
/// </summary>
internal static class PatientCacheOptions
{
    public static LlmLintCacheOptions Create(ICacheProtector? protector = null) => new()
    {
        StoreTimeout = TimeSpan.FromSeconds(15),
        Protector = protector,
    };
}
