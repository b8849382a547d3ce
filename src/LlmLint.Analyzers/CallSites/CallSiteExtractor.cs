using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using LlmLint.Analyzers.CallSites.Recognisers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Recognises chat/completion calls of the supported SDKs and builds an <see cref="LlmCallSite"/> for each. It asks
    /// the per-SDK recognisers (<see cref="ICallShapeRecogniser"/>) which calls are LLM calls and what their request says,
    /// then adds what is common to every SDK: tool use, the output shape, how the result is used, the cache around the
    /// call and where it runs. Everything it cannot see stays unknown.
    /// </summary>
    internal static class CallSiteExtractor
    {
        private static readonly ICallShapeRecogniser[] s_recognisers =
        {
            new MicrosoftExtensionsAIRecogniser(),
            new OpenAIRecogniser(),
            new AnthropicRecogniser(),
            new SemanticKernelRecogniser(),
        };

        /// <summary>
        /// Like <see cref="TryExtract"/>, sharing the result between the rules that analyze the same compilation.
        /// </summary>
        public static LlmCallSite? GetOrExtract(IInvocationOperation invocation, KnownTypes types, CancellationToken ct)
        {
            if (RecogniserFor(invocation.TargetMethod, types) == null)
            {
                return null;
            }

            if (types.CallSites.TryGetValue(invocation.Syntax, out LlmCallSite? cached))
            {
                return cached;
            }

            LlmCallSite? site = TryExtract(invocation, types, ct);
            types.CallSites.TryAdd(invocation.Syntax, site);
            return site;
        }

        /// <summary>Returns the call site for <paramref name="invocation"/>, or null when it is not an LLM call.</summary>
        public static LlmCallSite? TryExtract(IInvocationOperation invocation, KnownTypes types, CancellationToken ct)
        {
            IMethodSymbol method = invocation.TargetMethod;
            ICallShapeRecogniser? recogniser = RecogniserFor(method, types);
            if (recogniser == null)
            {
                return null;
            }

            IMethodSymbol? containingMethod = HotPathDetection.ContainingUserMethod(invocation);

            // Calls made by a chat client pipeline stage itself (DelegatingChatClient subclasses forwarding to the inner
            // client) are plumbing, not application call sites.
            if (recogniser.Sdk == LlmSdk.MicrosoftExtensionsAI && containingMethod?.ContainingType is INamedTypeSymbol owner && KnownTypes.IsOrInherits(owner, types.IChatClient))
            {
                return null;
            }

            IOperation? receiver = invocation.Instance ?? (method.IsExtensionMethod || (method.IsStatic && invocation.Arguments.Length > 0) ? ArgByOrdinal(invocation, 0) : null);
            var request = new CallRequest();
            if (!recogniser.TryRead(invocation, receiver, types, request, ct))
            {
                return null;
            }

            string? tools = request.ToolEvidence ?? ToolUseDetection.InOptions(request, ct) ?? ToolUseDetection.ToolResultsFedBack(invocation, ct);
            OutputShape output = OutputShapeReader.Read(request, tools, types, ct);
            ImmutableArray<ResultUse> uses = ResultUseAnalysis.Of(invocation, types, ct);
            CacheInfo cache = request.ClientCache;
            if (!cache.IsCached)
            {
                CacheInfo around = CacheGuardDetection.CacheAroundCall(invocation, containingMethod, types);
                if (around.IsCached)
                {
                    cache = around;
                }
            }

            HotPathInfo hot = HotPathDetection.HotPath(invocation, containingMethod, types);
            bool streaming = method.Name.IndexOf("Streaming", StringComparison.Ordinal) >= 0;
            return new LlmCallSite(invocation, NameLocation(invocation), recogniser.Sdk, method.Name, streaming, request.Model, request.Prompt.ToPromptInfo(), output, uses, cache, hot, containingMethod);
        }

        /// <summary>Whether <paramref name="method"/> is a chat/completion entry point of a supported SDK.</summary>
        public static bool TryClassify(IMethodSymbol method, KnownTypes t, out LlmSdk sdk, out bool streaming)
        {
            ICallShapeRecogniser? recogniser = RecogniserFor(method, t);
            sdk = recogniser?.Sdk ?? default;
            streaming = method.Name.IndexOf("Streaming", StringComparison.Ordinal) >= 0;
            return recogniser != null;
        }

        private static ICallShapeRecogniser? RecogniserFor(IMethodSymbol method, KnownTypes t)
        {
            if (method.ContainingType == null)
            {
                return null;
            }

            foreach (ICallShapeRecogniser r in s_recognisers)
            {
                if (r.Recognises(method, t))
                {
                    return r;
                }
            }

            return null;
        }

        private static Location NameLocation(IInvocationOperation inv)
        {
            if (inv.Syntax is InvocationExpressionSyntax ies)
            {
                switch (ies.Expression)
                {
                    case MemberAccessExpressionSyntax ma:
                        return ma.Name.GetLocation();
                    case MemberBindingExpressionSyntax mb:
                        return mb.Name.GetLocation();
                    case SimpleNameSyntax sn:
                        return sn.GetLocation();
                }
            }

            return inv.Syntax.GetLocation();
        }

        internal static IOperation? ArgByOrdinal(IInvocationOperation inv, int ordinal)
        {
            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter?.Ordinal == ordinal)
                {
                    return a.Value;
                }
            }

            return null;
        }

        internal static IOperation? ArgByName(IInvocationOperation inv, string name)
        {
            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter?.Name == name && a.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return a.Value;
                }
            }

            return null;
        }

        internal static IOperation? ArgOfType(IInvocationOperation inv, INamedTypeSymbol? type)
        {
            if (type == null)
            {
                return null;
            }

            foreach (IArgumentOperation a in inv.Arguments)
            {
                if (a.Parameter != null && KnownTypes.IsOrInherits(a.Parameter.Type, type) && a.ArgumentKind != ArgumentKind.DefaultValue)
                {
                    return a.Value;
                }
            }

            return null;
        }

        internal static bool IsEnumerableOf(ITypeSymbol type, INamedTypeSymbol? element)
        {
            if (element == null)
            {
                return false;
            }

            if (type is IArrayTypeSymbol arr)
            {
                return KnownTypes.IsOrInherits(arr.ElementType, element);
            }

            if (type is INamedTypeSymbol nt && nt.TypeArguments.Length == 1 && KnownTypes.IsOrInherits(nt.TypeArguments[0], element))
            {
                return true;
            }

            return false;
        }

        internal static ModelReference ModelFrom(Dictionary<string, IOperation> props, string name, ModelIdSource source, CancellationToken ct) =>
            props.TryGetValue(name, out IOperation? v) ? ModelFromValue(v, source, ct) : ModelReference.Unknown;

        internal static ModelReference ModelFromValue(IOperation value, ModelIdSource source, CancellationToken ct)
        {
            FoldedString? f = ValueResolver.FoldString(value, ct);
            if (f == null || !f.IsConstant || f.Text.Length == 0)
            {
                return ModelReference.Unknown;
            }

            Location? literal = f.SingleLiteral && f.LargestLiteral != null && f.LargestLiteral.IsInSource ? f.LargestLiteral : null;
            return new ModelReference(f.Text, source, literal, f.Field);
        }

        /// <summary>Follows the receiver of a call back to where the client was made.</summary>
        internal static (ModelReference Model, CacheInfo Cache) ResolveClient(IOperation? receiver, KnownTypes t, CancellationToken ct, int depth)
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
                            IOperation? m = ArgByNameCreation(oc, "model");
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
                            IOperation? model = ArgByName(call, "model") ?? ArgByName(call, "deploymentName");
                            return (model != null ? ModelFromValue(model, ModelIdSource.Client, ct) : ModelReference.Unknown, CacheInfo.NotCached);
                        }

                        if (m.Name == "GetChatClient" && m.ContainingType?.Name == "AzureOpenAIClient")
                        {
                            IOperation? model = ArgByName(call, "deploymentName");
                            return (model != null ? ModelFromValue(model, ModelIdSource.Client, ct) : ModelReference.Unknown, CacheInfo.NotCached);
                        }

                        if ((m.Name == "AsIChatClient" || m.Name == "AsChatClient") && KnownTypes.IsOrInherits(m.ReturnType, t.IChatClient))
                        {
                            IOperation? model = ArgByName(call, "defaultModelId") ?? ArgByName(call, "modelId") ?? ArgByName(call, "model");
                            IOperation? source = call.Instance ?? ArgByOrdinal(call, 0);
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

                default:
                    return (ModelReference.Unknown, CacheInfo.NotCached);
            }
        }

        private static (ModelReference Model, CacheInfo Cache) ResolveBuilder(IInvocationOperation build, IOperation? builder, KnownTypes t, CancellationToken ct, int depth)
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
                        (ModelReference innerModel, CacheInfo innerCache) = ResolveClient(stage.Instance ?? ArgByOrdinal(stage, 0), t, ct, depth + 1);
                        return Finish(innerModel, innerCache);
                    }

                    op = ValueResolver.Trace(stage.Instance ?? ArgByOrdinal(stage, 0), ct);
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

        private static bool IsCacheStage(IInvocationOperation stage, KnownTypes t)
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

        private static bool IsCachingClientType(ITypeSymbol type, KnownTypes t)
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

        private static IOperation? ArgByNameCreation(IObjectCreationOperation oc, string name)
        {
            foreach (IArgumentOperation a in oc.Arguments)
            {
                if (a.Parameter?.Name == name)
                {
                    return a.Value;
                }
            }

            return null;
        }

        private static IOperation? InnerClientArg(IObjectCreationOperation oc, KnownTypes t)
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

        internal static ModelReference KernelRegistrationModel(IInvocationOperation invocation, CancellationToken ct)
        {
            ModelReference? found = null;
            foreach (IOperation d in ValueResolver.Root(invocation).Descendants())
            {
                if (d is IInvocationOperation reg
                    && (reg.TargetMethod.Name == "AddOpenAIChatCompletion" || reg.TargetMethod.Name == "AddAzureOpenAIChatCompletion" || reg.TargetMethod.Name == "AddOpenAIChatClient")
                    && reg.TargetMethod.ContainingNamespace?.ToDisplayString().StartsWith("Microsoft.SemanticKernel", StringComparison.Ordinal) == true)
                {
                    IOperation? value = ArgByName(reg, "modelId") ?? ArgByName(reg, "deploymentName");
                    ModelReference m = value != null ? ModelFromValue(value, ModelIdSource.KernelRegistration, ct) : ModelReference.Unknown;
                    if (m.Id == null || (found != null && !string.Equals(found.Id, m.Id, StringComparison.Ordinal)))
                    {
                        return ModelReference.Unknown;
                    }

                    found = m;
                }
            }

            return found ?? ModelReference.Unknown;
        }
    }
}
