namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Follows the receiver of a chat call back through the client pipeline (SDK client factories, AsIChatClient,
    /// ChatClientBuilder stages) to the model the client was made for and whether a cache stage wraps it.
    /// </summary>
    internal static partial class ModelResolver
    {
        /// <summary>Follows the receiver of a call back to where the client was made.</summary>
        public static (ModelReference Model, CacheInfo Cache) ResolveClient(IOperation? receiver, KnownTypes t, CancellationToken ct, int depth)
        {
            if (receiver == null || depth > 8)
            {
                return (ModelReference.Unknown, CacheInfo.NotCached);
            }

            IOperation? op = ValueResolver.Trace(receiver, ct);
            switch (op)
            {
                case IObjectCreationOperation oc when oc.Type != null:
                    {
                        ITypeSymbol type = oc.Type;
                        if (KnownTypes.IsOrInherits(type, t.OpenAIChatClient))
                        {
                            IOperation? m = InvocationArguments.ArgByName(oc, "model");
                            return (m != null ? ModelFromValue(m, ModelIdSource.Client, ct) : ModelReference.Unknown, CacheInfo.NotCached);
                        }

                        IOperation? inner = InnerClientArg(oc, t);
                        (ModelReference innerModel, CacheInfo innerCache) = inner != null ? ResolveClient(inner, t, ct, depth + 1) : (ModelReference.Unknown, CacheInfo.NotCached);
                        if (IsCachingClientType(type, t))
                        {
                            return (innerModel, new CacheInfo(true, "'" + type.Name + "'", null));
                        }

                        return (innerModel, innerCache);
                    }

                case IInvocationOperation call:
                    {
                        IMethodSymbol m = call.TargetMethod;
                        if (m.Name == "GetChatClient" && KnownTypes.IsOrInherits(m.ContainingType, t.OpenAIClient))
                        {
                            IOperation? model = InvocationArguments.ArgByName(call, "model") ?? InvocationArguments.ArgByName(call, "deploymentName");
                            return (model != null ? ModelFromValue(model, ModelIdSource.Client, ct) : ModelReference.Unknown, CacheInfo.NotCached);
                        }

                        if (m.Name == "GetChatClient" && m.ContainingType?.Name == "AzureOpenAIClient")
                        {
                            IOperation? model = InvocationArguments.ArgByName(call, "deploymentName");
                            return (model != null ? ModelFromValue(model, ModelIdSource.Client, ct) : ModelReference.Unknown, CacheInfo.NotCached);
                        }

                        if ((m.Name == "AsIChatClient" || m.Name == "AsChatClient") && KnownTypes.IsOrInherits(m.ReturnType, t.IChatClient))
                        {
                            IOperation? model = InvocationArguments.ArgByName(call, "defaultModelId") ?? InvocationArguments.ArgByName(call, "modelId") ?? InvocationArguments.ArgByName(call, "model");
                            IOperation? source = call.Instance ?? InvocationArguments.ArgByOrdinal(call, 0);
                            (ModelReference innerModel, CacheInfo innerCache) = ResolveClient(source, t, ct, depth + 1);
                            if (model != null)
                            {
                                ModelReference explicitModel = ModelFromValue(model, ModelIdSource.Client, ct);
                                return (explicitModel.Id != null ? explicitModel : innerModel, innerCache);
                            }

                            return (innerModel, innerCache);
                        }

                        if (m.Name == "Build" && KnownTypes.Is(m.ContainingType, t.ChatClientBuilder))
                        {
                            return ResolveBuilder(call, call.Instance, t, ct, depth);
                        }

                        return (ModelReference.Unknown, CacheInfo.NotCached);
                    }

                case IParameterReferenceOperation p when KnownTypes.IsOrInherits(p.Parameter.Type, t.IChatClient):
                    return (InjectedClientModel(p.Parameter, t, ct, depth), CacheInfo.NotCached);

                default:
                    return (ModelReference.Unknown, CacheInfo.NotCached);
            }
        }

        /// <summary>Walks a ChatClientBuilder chain back from <paramref name="build"/> to the inner client, noting the first cache stage.</summary>
        public static (ModelReference Model, CacheInfo Cache) ResolveBuilder(IInvocationOperation build, IOperation? builder, KnownTypes t, CancellationToken ct, int depth)
        {
            string? cachedBy = null;
            IOperation? op = ValueResolver.Trace(builder, ct);
            int guard = 0;
            while (op != null && guard++ < 32)
            {
                if (op is IInvocationOperation stage && KnownTypes.Is(stage.TargetMethod.ReturnType, t.ChatClientBuilder))
                {
                    IMethodSymbol sm = stage.TargetMethod;
                    if (cachedBy == null && IsCacheStage(stage, t))
                    {
                        cachedBy = sm.Name + "()";
                    }

                    if (sm.Name == "AsBuilder")
                    {
                        (ModelReference innerModel, CacheInfo innerCache) = ResolveClient(stage.Instance ?? InvocationArguments.ArgByOrdinal(stage, 0), t, ct, depth + 1);
                        return Finish(innerModel, innerCache);
                    }

                    op = ValueResolver.Trace(stage.Instance ?? InvocationArguments.ArgByOrdinal(stage, 0), ct);
                    continue;
                }

                if (op is IObjectCreationOperation oc && KnownTypes.Is(oc.Type, t.ChatClientBuilder))
                {
                    IOperation? inner = InnerClientArg(oc, t);
                    (ModelReference innerModel, CacheInfo innerCache) = inner != null ? ResolveClient(inner, t, ct, depth + 1) : (ModelReference.Unknown, CacheInfo.NotCached);
                    return Finish(innerModel, innerCache);
                }

                break;
            }

            return Finish(ModelReference.Unknown, CacheInfo.NotCached);

            (ModelReference, CacheInfo) Finish(ModelReference model, CacheInfo innerCache)
            {
                if (cachedBy != null)
                {
                    return (model, new CacheInfo(true, cachedBy, null));
                }

                if (innerCache.IsCached)
                {
                    return (model, innerCache);
                }

                Location? buildLocation = build.Syntax.GetLocation();
                return (model, new CacheInfo(false, null, buildLocation.IsInSource ? buildLocation : null));
            }
        }

        /// <summary>True when a ChatClientBuilder stage adds a response cache.</summary>
        public static bool IsCacheStage(IInvocationOperation stage, KnownTypes t)
        {
            IMethodSymbol sm = stage.TargetMethod;
            string? ns = sm.ContainingType?.ContainingNamespace?.ToDisplayString();
            if (sm.Name == "UseDistributedCache" && (KnownTypes.Is(sm.ContainingType, t.DistributedCachingChatClientBuilderExtensions) || ns == "Microsoft.Extensions.AI"))
            {
                return true;
            }

            if ((sm.Name == "UseLlmLintCache" || sm.Name == "UseSemanticCache" || sm.Name == "UseCache") && ns != null && ns.StartsWith("LlmLint", StringComparison.Ordinal))
            {
                return true;
            }

            if (sm.IsGenericMethod)
            {
                foreach (ITypeSymbol ta in sm.TypeArguments)
                {
                    if (IsCachingClientType(ta, t))
                    {
                        return true;
                    }
                }
            }

            // .Use(inner => new DistributedCachingChatClient(inner, cache))
            if (sm.Name == "Use")
            {
                foreach (IOperation d in stage.Descendants())
                {
                    if (d is IObjectCreationOperation oc && oc.Type != null && IsCachingClientType(oc.Type, t))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>True for M.E.AI caching chat clients and LlmLint's caching clients.</summary>
        public static bool IsCachingClientType(ITypeSymbol type, KnownTypes t)
        {
            if (KnownTypes.IsOrInherits(type, t.CachingChatClient) || KnownTypes.IsOrInherits(type, t.DistributedCachingChatClient))
            {
                return true;
            }

            for (ITypeSymbol? b = type; b != null; b = b.BaseType)
            {
                string? ns = b.ContainingNamespace?.ToDisplayString();
                if (ns != null && ns.StartsWith("LlmLint.Caching", StringComparison.Ordinal) && b.Name.EndsWith("CachingChatClient", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The constructor argument that takes the inner IChatClient, or null.</summary>
        public static IOperation? InnerClientArg(IObjectCreationOperation oc, KnownTypes t)
        {
            foreach (IArgumentOperation a in oc.Arguments)
            {
                if (a.Parameter != null && KnownTypes.IsOrInherits(a.Parameter.Type, t.IChatClient))
                {
                    return a.Value;
                }
            }

            return null;
        }
    }
}
