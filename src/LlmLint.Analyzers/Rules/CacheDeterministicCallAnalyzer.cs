using System.Collections.Concurrent;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2003: a deterministic LLM call (classification/extraction, or single-turn at temperature 0 without tools) whose
    /// input plausibly recurs (<see cref="HotPathRecurrence"/>) and that no cache guards; and cache keys that cannot work
    /// (non-deterministic values, or missing a value that flows into the prompt).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class CacheDeterministicCallAnalyzer : CallSiteRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CacheDeterministicCall, Descriptors.CacheKeyUnsound);

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            KnownTypes types = scope.Types;
            ConcurrentDictionary<Location, byte> reportedKeys = scope.Reported;
            if (site == null || site.MethodName == "CreateFromPrompt" || site.MethodName == "CreateFunctionFromPrompt")
            {
                return;
            }

            TaskInference task = TaskKindInference.Infer(site);
            bool temperatureZero = site.Output.Temperature == 0 && !site.Output.HasTools && site.Prompt.IsSingleTurn;
            if (!task.IsClassificationOrExtraction && !temperatureZero)
            {
                return;
            }

            if (site.Output.HasTools)
            {
                return;
            }

            CheckCacheKeys(ctx, site, types, reportedKeys);
            if (site.Cache.IsCached || LivenessProbe.Is(site.Invocation, ctx.CancellationToken))
            {
                return;
            }

            ImmutableArray<HotPathEvidence> recurrence = HotPathRecurrence.Find(site, types, task.IsClassificationOrExtraction && task.Strength == EvidenceStrength.Structural, ctx.CancellationToken);
            if (recurrence.IsEmpty)
            {
                return;
            }

            string what = task.Kind == TaskKind.Classification ? "classification" : task.Kind == TaskKind.Extraction ? "extraction" : "temperature-0 single-turn";
            bool strongTask = task.Strength == EvidenceStrength.Structural || temperatureZero;
            bool strongRecurrence = false;
            var where = new List<string>(recurrence.Length);
            foreach (HotPathEvidence e in recurrence)
            {
                strongRecurrence |= e.IsStrong;
                where.Add(e.Description);
            }

            // House style: a Warning needs structural evidence both that the call is deterministic and that its input recurs.
            bool strong = strongTask && strongRecurrence;

            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.CacheIssue] = "NotCached";
            props[DiagnosticProperties.TaskKind] = task.Kind.ToString();
            props[DiagnosticProperties.EvidenceStrength] = strong ? EvidenceStrength.Structural.ToString() : EvidenceStrength.Textual.ToString();
            props[DiagnosticProperties.Evidence] = string.Join("; ", task.Evidence);
            props[DiagnosticProperties.Sdk] = site.Sdk.ToString();
            props[DiagnosticProperties.HotPath] = recurrence[0].Kind.ToString();
            if (site.Model.Id != null)
            {
                props[DiagnosticProperties.ModelId] = site.Model.Id;
            }

            Location? build = site.Cache.BuilderBuildCall;
            Location[]? additional = null;
            if (build != null && CanCacheInMemory(types) && ctx.Compilation.ContainsSyntaxTree(build.SourceTree!))
            {
                // The fix passes its own in-memory store, so it never relies on an IDistributedCache registration.
                props[DiagnosticProperties.CacheFix] = DiagnosticProperties.InsertUseDistributedCache;
                additional = new[] { build };
            }

            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CacheDeterministicCall,
                site.Location,
                strong ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                additional,
                props.ToImmutable(),
                what,
                site.MethodName,
                string.Join(" and ", where)));
        }

        /// <summary>
        /// The fix can add <c>.UseDistributedCache(new MemoryDistributedCache(Options.Create(new MemoryDistributedCacheOptions())))</c>:
        /// the builder extension and the in-memory store types are all referenced by the compilation.
        /// </summary>
        private static bool CanCacheInMemory(KnownTypes types) =>
            types.DistributedCachingChatClientBuilderExtensions != null && types.MemoryDistributedCache != null
            && types.MemoryDistributedCacheOptions != null && types.OptionsFactory != null;

        /// <summary>Reports cache keys around the call that contain non-deterministic values or omit prompt inputs.</summary>
        private static void CheckCacheKeys(OperationAnalysisContext ctx, LlmCallSite site, KnownTypes types, ConcurrentDictionary<Location, byte> reported)
        {
            if (types.IMemoryCache == null && types.IDistributedCache == null && types.HybridCache == null)
            {
                return;
            }

            IOperation root = ValueResolver.Root(site.Invocation);
            foreach (IOperation d in root.Descendants())
            {
                if (d is not IInvocationOperation call || !CacheGuardDetection.IsCacheApi(call, types))
                {
                    continue;
                }

                IArgumentOperation? keyArg = null;
                foreach (IArgumentOperation a in call.Arguments)
                {
                    if (a.Parameter?.Name == "key")
                    {
                        keyArg = a;
                    }
                }

                if (keyArg == null)
                {
                    continue;
                }

                Location keyLocation = keyArg.Value.Syntax.GetLocation();
                List<IOperation> keyParts = KeyOperations(keyArg.Value, ctx.CancellationToken);
                string? nonDeterministic = NonDeterministicPart(keyParts, types);
                if (nonDeterministic != null)
                {
                    if (reported.TryAdd(keyLocation, 0))
                    {
                        ctx.ReportDiagnostic(Diagnostic.Create(Descriptors.CacheKeyUnsound, keyLocation,
                            ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.CacheIssue, "NonDeterministicKey"),
                            "uses '" + nonDeterministic + "', so it never hits"));
                    }

                    continue;
                }

                string? missing = MissingPromptInput(site, keyParts);
                if (missing != null && reported.TryAdd(keyLocation, 0))
                {
                    ctx.ReportDiagnostic(Diagnostic.Create(Descriptors.CacheKeyUnsound, keyLocation,
                        ImmutableDictionary<string, string?>.Empty.Add(DiagnosticProperties.CacheIssue, "KeyOmitsPromptInput"),
                        "omits '" + missing + "', which flows into the prompt, so one input's answer is served for another"));
                }
            }
        }

        private static List<IOperation> KeyOperations(IOperation key, System.Threading.CancellationToken ct)
        {
            var parts = new List<IOperation>();
            var stack = new Stack<(IOperation Op, int Depth)>();
            stack.Push((key, 0));
            while (stack.Count > 0)
            {
                (IOperation op, int depth) = stack.Pop();
                foreach (IOperation d in op.DescendantsAndSelf())
                {
                    parts.Add(d);
                    if (d is ILocalReferenceOperation l && depth < 3)
                    {
                        IOperation? v = ValueResolver.SingleLocalValue(l.Local, d, ct);
                        if (v != null)
                        {
                            stack.Push((v, depth + 1));
                        }
                    }
                }
            }

            return parts;
        }

        private static string? NonDeterministicPart(List<IOperation> parts, KnownTypes types)
        {
            foreach (IOperation p in parts)
            {
                if (p is IPropertyReferenceOperation pr && pr.Property.IsStatic
                    && (pr.Property.Name == "Now" || pr.Property.Name == "UtcNow" || pr.Property.Name == "Today")
                    && (pr.Property.ContainingType.SpecialType == SpecialType.System_DateTime || KnownTypes.Is(pr.Property.ContainingType, types.DateTimeOffset)))
                {
                    return pr.Property.ContainingType.Name + "." + pr.Property.Name;
                }

                if (p is IInvocationOperation inv)
                {
                    IMethodSymbol m = inv.TargetMethod;
                    if (m.Name == "NewGuid" && KnownTypes.Is(m.ContainingType, types.Guid))
                    {
                        return "Guid.NewGuid()";
                    }

                    if (KnownTypes.IsOrInherits(m.ContainingType, types.Random))
                    {
                        return "Random." + m.Name;
                    }
                }

                if (p is IPropertyReferenceOperation tick && tick.Property.Name == "TickCount" && tick.Property.ContainingType.Name == "Environment")
                {
                    return "Environment.TickCount";
                }
            }

            return null;
        }

        private static string? MissingPromptInput(LlmCallSite site, List<IOperation> keyParts)
        {
            var inKey = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (IOperation p in keyParts)
            {
                switch (p)
                {
                    case IParameterReferenceOperation pr: inKey.Add(pr.Parameter); break;
                    case ILocalReferenceOperation lr: inKey.Add(lr.Local); break;
                }
            }

            foreach (PromptSegment s in site.Prompt.Segments)
            {
                foreach (ISymbol h in s.HoleSymbols)
                {
                    if (h is IParameterSymbol && !inKey.Contains(h))
                    {
                        return h.Name;
                    }
                }
            }

            return null;
        }
    }
}
