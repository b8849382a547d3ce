namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Finds a cache already in place around an LLM call in its method: <c>[Cache]</c> on the method, the call inside the
    /// factory of a cache (<c>GetOrAdd</c>, <c>GetOrCreate(Async)</c>), or a cache lookup (<c>IMemoryCache</c>,
    /// <c>IDistributedCache</c>, a <c>Dictionary</c>/<c>ConcurrentDictionary</c> that the method also writes, a type named
    /// <c>*Cache*</c>) earlier in the same body.
    /// </summary>
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

            string? guard = GuardOf(invocation, t);
            return guard == null ? CacheInfo.NotCached : new CacheInfo(true, guard, null);
        }

        /// <summary>
        /// The cache that guards <paramref name="op"/>: <paramref name="op"/> runs inside the factory lambda of a cache call,
        /// or a cache lookup comes before it in the same body (not in a lambda that does not contain it). Null when none.
        /// </summary>
        public static string? GuardOf(IOperation op, KnownTypes t)
        {
            for (IOperation? p = op.Parent; p != null; p = p.Parent)
            {
                if (p is IAnonymousFunctionOperation && HotPathDetection.LambdaHost(p) is IInvocationOperation host && IsFactory(host, t))
                {
                    return "inside the factory of '" + Describe(host) + "'";
                }
            }

            IOperation root = ValueResolver.Root(op);
            int start = op.Syntax.SpanStart;
            foreach (IOperation d in root.Descendants())
            {
                if (d is IInvocationOperation c && c.Syntax.Span.End <= start && SameBody(c, op) && IsLookup(c, root, t))
                {
                    return "'" + Describe(c) + "' before the call";
                }
            }

            return null;
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

        private static bool IsFactory(IInvocationOperation host, KnownTypes t)
        {
            string name = host.TargetMethod.Name;
            bool factoryName = name.StartsWith("GetOrAdd", StringComparison.Ordinal) || name.StartsWith("GetOrCreate", StringComparison.Ordinal)
                || name.StartsWith("GetOrSet", StringComparison.Ordinal) || name == "AddOrUpdate";
            return factoryName && (IsCacheApi(host, t) || IsDictionary(Receiver(host)?.Type, t) || IsNamedCache(host));
        }

        private static bool IsLookup(IInvocationOperation c, IOperation root, KnownTypes t)
        {
            string name = c.TargetMethod.Name;
            if (IsCacheApi(c, t) || IsNamedCache(c))
            {
                return name.StartsWith("TryGet", StringComparison.Ordinal) || name.StartsWith("Get", StringComparison.Ordinal) || name.StartsWith("Contains", StringComparison.Ordinal);
            }

            IOperation? receiver = Receiver(c);
            if ((name == "TryGetValue" || name == "ContainsKey" || name == "GetValueOrDefault") && IsDictionary(receiver?.Type, t))
            {
                // A dictionary is a cache of the call only when the same method also stores into it.
                ISymbol? dictionary = StorageSymbol(receiver);
                return dictionary != null && IsWrittenIn(dictionary, root);
            }

            return false;
        }

        private static bool IsWrittenIn(ISymbol dictionary, IOperation root)
        {
            foreach (IOperation d in root.Descendants())
            {
                if (d is IInvocationOperation w && (w.TargetMethod.Name == "Add" || w.TargetMethod.Name == "TryAdd" || w.TargetMethod.Name == "AddOrUpdate" || w.TargetMethod.Name == "GetOrAdd")
                    && SymbolEqualityComparer.Default.Equals(StorageSymbol(Receiver(w)), dictionary))
                {
                    return true;
                }

                if (d is ISimpleAssignmentOperation a && ValueResolver.Unwrap(a.Target) is IPropertyReferenceOperation indexer && indexer.Property.IsIndexer
                    && SymbolEqualityComparer.Default.Equals(StorageSymbol(indexer.Instance), dictionary))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsDictionary(ITypeSymbol? type, KnownTypes t) =>
            KnownTypes.IsOrInherits(type, t.ConcurrentDictionary) || KnownTypes.IsOrInherits(type, t.IDictionary) || KnownTypes.IsOrInherits(type, t.IReadOnlyDictionary);

        /// <summary>A user or third-party cache by name: the receiver's type or the method's type is named <c>*Cache*</c>.</summary>
        private static bool IsNamedCache(IInvocationOperation c)
        {
            ITypeSymbol? receiver = Receiver(c)?.Type;
            return (receiver != null && receiver.Name.IndexOf("Cache", StringComparison.Ordinal) >= 0)
                || c.TargetMethod.ContainingType.Name.IndexOf("Cache", StringComparison.Ordinal) >= 0;
        }

        private static IOperation? Receiver(IInvocationOperation c) =>
            c.Instance ?? (c.TargetMethod.IsExtensionMethod && c.Arguments.Length > 0 ? c.Arguments[0].Value : null);

        private static ISymbol? StorageSymbol(IOperation? op) => ValueResolver.Unwrap(op) switch
        {
            IFieldReferenceOperation f => f.Field,
            IPropertyReferenceOperation p => p.Property,
            ILocalReferenceOperation l => l.Local,
            IParameterReferenceOperation p => p.Parameter,
            _ => null,
        };

        /// <summary>True when <paramref name="lookup"/> is not inside a lambda or local function that does not also contain <paramref name="op"/>.</summary>
        private static bool SameBody(IOperation lookup, IOperation op)
        {
            for (IOperation? p = lookup.Parent; p != null; p = p.Parent)
            {
                if ((p is IAnonymousFunctionOperation || p is ILocalFunctionOperation) && !p.Syntax.Span.Contains(op.Syntax.Span))
                {
                    return false;
                }
            }

            return true;
        }

        private static string Describe(IInvocationOperation c)
        {
            ITypeSymbol? receiver = Receiver(c)?.Type;
            string owner = receiver is INamedTypeSymbol n && !c.TargetMethod.IsStatic ? n.Name : receiver?.Name ?? c.TargetMethod.ContainingType.Name;
            return owner + "." + c.TargetMethod.Name;
        }
    }
}
