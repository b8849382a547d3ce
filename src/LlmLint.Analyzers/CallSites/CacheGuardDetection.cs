using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>Finds a cache already in place around an LLM call: a [Cache] attribute or a cache API call in the same method.</summary>
    internal static class CacheGuardDetection
    {
        /// <summary>A cache that already guards <paramref name="invocation"/> inside <paramref name="method"/>, or <see cref="CacheInfo.NotCached"/>.</summary>
        public static CacheInfo CacheAroundCall(IInvocationOperation invocation, IMethodSymbol? method, KnownTypes t)
        {
            if (method != null && t.LlmLintCacheAttribute != null)
            {
                foreach (AttributeData a in method.GetAttributes())
                {
                    if (KnownTypes.Is(a.AttributeClass, t.LlmLintCacheAttribute))
                    {
                        return new CacheInfo(true, "[Cache] on '" + method.Name + "'", null);
                    }
                }
            }

            if (t.IMemoryCache == null && t.IDistributedCache == null && t.HybridCache == null)
            {
                return CacheInfo.NotCached;
            }

            foreach (IOperation d in ValueResolver.Root(invocation).Descendants())
            {
                if (d is IInvocationOperation c && IsCacheApi(c, t))
                {
                    return new CacheInfo(true, "'" + c.TargetMethod.ContainingType.Name + "." + c.TargetMethod.Name + "' in the same method", null);
                }
            }

            return CacheInfo.NotCached;
        }

        /// <summary>A call to IMemoryCache, IDistributedCache or HybridCache (or their extension classes).</summary>
        public static bool IsCacheApi(IInvocationOperation c, KnownTypes t)
        {
            INamedTypeSymbol owner = c.TargetMethod.ContainingType;
            if (KnownTypes.IsOrInherits(owner, t.IMemoryCache) || KnownTypes.IsOrInherits(owner, t.IDistributedCache) || KnownTypes.IsOrInherits(owner, t.HybridCache)
                || KnownTypes.Is(owner, t.MemoryCacheExtensions) || KnownTypes.Is(owner, t.DistributedCacheExtensions))
            {
                return true;
            }

            ITypeSymbol? receiver = c.Instance?.Type;
            return KnownTypes.IsOrInherits(receiver, t.IMemoryCache) || KnownTypes.IsOrInherits(receiver, t.IDistributedCache) || KnownTypes.IsOrInherits(receiver, t.HybridCache);
        }
    }
}
