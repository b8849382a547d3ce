using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Recognises chat/completion calls of the supported SDKs by symbol and builds an <see cref="LlmCallSite"/> for each.
    /// Everything it cannot see stays unknown.
    /// </summary>
    internal static class CallSiteExtractor
    {
        /// <summary>
        /// Like <see cref="TryExtract"/>, sharing the result between the rules that analyze the same compilation.
        /// </summary>
        public static LlmCallSite? GetOrExtract(IInvocationOperation invocation, KnownTypes types, CancellationToken ct)
        {
            if (!TryClassify(invocation.TargetMethod, types, out _, out _))
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
            if (!TryClassify(method, types, out LlmSdk sdk, out bool streaming))
            {
                return null;
            }

            IMethodSymbol? containingMethod = HotPathDetection.ContainingUserMethod(invocation);

            // Calls made by a chat client pipeline stage itself (DelegatingChatClient subclasses forwarding to the inner
            // client) are plumbing, not application call sites.
            if (sdk == LlmSdk.MicrosoftExtensionsAI && containingMethod?.ContainingType is INamedTypeSymbol owner && KnownTypes.IsOrInherits(owner, types.IChatClient))
            {
                return null;
            }

            IOperation? receiver = invocation.Instance ?? (method.IsExtensionMethod || (method.IsStatic && invocation.Arguments.Length > 0) ? ArgByOrdinal(invocation, 0) : null);

            var props = new Dictionary<string, IOperation>(StringComparer.Ordinal);
            ModelReference model = ModelReference.Unknown;
            CacheInfo cache = CacheInfo.NotCached;
            var segments = ImmutableArray.CreateBuilder<PromptSegment>();
            var messages = new MessageCounter();
            ITypeSymbol? typed = null;
            bool optionsOpaque = false;

            switch (sdk)
            {
                case LlmSdk.MicrosoftExtensionsAI:
                    {
                        IOperation? options = ArgOfType(invocation, types.ChatOptions);
                        optionsOpaque |= IsOpaque(options, ct);
                        Merge(props, ValueResolver.ObjectProperties(options, ct));
                        if (method.IsGenericMethod && method.TypeArguments.Length == 1)
                        {
                            typed = method.TypeArguments[0];
                        }

                        foreach (IArgumentOperation arg in invocation.Arguments)
                        {
                            if (arg.Parameter == null || arg.Parameter.Ordinal == 0 && method.IsExtensionMethod)
                            {
                                continue;
                            }

                            ITypeSymbol pt = arg.Parameter.Type;
                            if (pt.SpecialType == SpecialType.System_String)
                            {
                                AddString(segments, arg.Value, PromptRole.User, ct, messages);
                            }
                            else if (KnownTypes.Is(pt, types.MeaiChatMessage) || IsEnumerableOf(pt, types.MeaiChatMessage))
                            {
                                CollectMessages(arg.Value, types, segments, messages, ct);
                            }
                        }

                        if (props.TryGetValue("Instructions", out IOperation? instr))
                        {
                            AddString(segments, instr, PromptRole.System, ct, null);
                        }

                        model = ModelFrom(props, "ModelId", ModelIdSource.CallOptions, ct);
                        (ModelReference clientModel, CacheInfo clientCache) = ResolveClient(receiver, types, ct, 0);
                        cache = clientCache;
                        if (model.Id == null && props.ContainsKey("ModelId") == false)
                        {
                            model = clientModel;
                        }

                        break;
                    }

                case LlmSdk.OpenAI:
                    {
                        IOperation? options = null;
                        foreach (IArgumentOperation arg in invocation.Arguments)
                        {
                            if (arg.Parameter == null)
                            {
                                continue;
                            }

                            ITypeSymbol pt = arg.Parameter.Type;
                            if (pt.Name.EndsWith("Options", StringComparison.Ordinal) && pt.TypeKind == TypeKind.Class)
                            {
                                options = arg.Value;
                            }
                            else if (pt.SpecialType == SpecialType.System_String && arg.Parameter.Name == "userInputText")
                            {
                                AddString(segments, arg.Value, PromptRole.User, ct, messages);
                            }
                            else if (KnownTypes.IsOrInherits(pt, types.OpenAIChatMessage) || IsEnumerableOf(pt, types.OpenAIChatMessage))
                            {
                                CollectMessages(arg.Value, types, segments, messages, ct);
                            }
                            else if (pt.Name.StartsWith("IEnumerable", StringComparison.Ordinal) && arg.Parameter.Name == "inputItems")
                            {
                                CollectMessages(arg.Value, types, segments, messages, ct);
                            }
                        }

                        optionsOpaque |= IsOpaque(options, ct);
                        Merge(props, ValueResolver.ObjectProperties(options, ct));
                        if (props.TryGetValue("Instructions", out IOperation? instr))
                        {
                            AddString(segments, instr, PromptRole.System, ct, null);
                        }

                        IOperation? modelArg = ArgByName(invocation, "model");
                        if (modelArg != null)
                        {
                            model = ModelFromValue(modelArg, ModelIdSource.CallOptions, ct);
                        }
                        else if (props.ContainsKey("Model"))
                        {
                            model = ModelFrom(props, "Model", ModelIdSource.CallOptions, ct);
                        }
                        else
                        {
                            (model, cache) = ResolveClient(receiver, types, ct, 0);
                        }

                        break;
                    }

                case LlmSdk.Anthropic:
                    {
                        IOperation? parameters = ArgOfType(invocation, types.AnthropicMessageCreateParams);
                        optionsOpaque |= IsOpaque(parameters, ct);
                        Merge(props, ValueResolver.ObjectProperties(parameters, ct));
                        model = ModelFrom(props, "Model", ModelIdSource.CallOptions, ct);
                        if (props.TryGetValue("System", out IOperation? sys))
                        {
                            AddString(segments, sys, PromptRole.System, ct, null);
                        }

                        if (props.TryGetValue("Messages", out IOperation? msgs))
                        {
                            CollectMessages(msgs, types, segments, messages, ct);
                        }
                        else if (parameters != null)
                        {
                            messages.Unknown = true;
                        }

                        break;
                    }

                case LlmSdk.SemanticKernel:
                    {
                        foreach (IArgumentOperation arg in invocation.Arguments)
                        {
                            if (arg.Parameter == null)
                            {
                                continue;
                            }

                            ITypeSymbol pt = arg.Parameter.Type;
                            if (pt.SpecialType == SpecialType.System_String && (arg.Parameter.Name == "promptTemplate" || arg.Parameter.Name == "prompt"))
                            {
                                AddString(segments, arg.Value, arg.Parameter.Name == "prompt" ? PromptRole.User : PromptRole.Template, ct, messages);
                            }
                            else if (KnownTypes.IsOrInherits(pt, types.SkChatHistory))
                            {
                                CollectMessages(arg.Value, types, segments, messages, ct);
                            }
                            else if (KnownTypes.IsOrInherits(pt, types.SkPromptExecutionSettings))
                            {
                                optionsOpaque |= IsOpaque(arg.Value, ct);
                                Merge(props, ValueResolver.ObjectProperties(arg.Value, ct));
                            }
                            else if (pt.Name == "KernelArguments")
                            {
                                IOperation? ka = ValueResolver.Trace(arg.Value, ct);
                                optionsOpaque |= IsOpaque(arg.Value, ct);
                                if (ka is IObjectCreationOperation kac)
                                {
                                    foreach (IArgumentOperation kaa in kac.Arguments)
                                    {
                                        if (KnownTypes.IsOrInherits(kaa.Value.Type, types.SkPromptExecutionSettings) || KnownTypes.IsOrInherits(ValueResolver.Trace(kaa.Value, ct)?.Type, types.SkPromptExecutionSettings))
                                        {
                                            Merge(props, ValueResolver.ObjectProperties(kaa.Value, ct));
                                        }
                                    }
                                }
                            }
                        }

                        if (method.IsGenericMethod && method.TypeArguments.Length == 1)
                        {
                            typed = method.TypeArguments[0];
                        }

                        model = ModelFrom(props, "ModelId", ModelIdSource.CallOptions, ct);
                        if (model.Id == null && !props.ContainsKey("ModelId"))
                        {
                            model = KernelRegistrationModel(invocation, ct);
                        }

                        break;
                    }
            }

            OutputShape output = ReadOutput(props, typed, types, ct, optionsOpaque);
            ImmutableArray<ResultUse> uses = ResultUses(invocation, types, ct);
            if (!cache.IsCached)
            {
                CacheInfo around = CacheGuardDetection.CacheAroundCall(invocation, containingMethod, types);
                if (around.IsCached)
                {
                    cache = around;
                }
            }

            HotPathInfo hot = HotPathDetection.HotPath(invocation, containingMethod, types);
            var prompt = new PromptInfo(segments.ToImmutable(), messages.Count, messages.Unknown);
            return new LlmCallSite(invocation, NameLocation(invocation), sdk, method.Name, streaming, model, prompt, output, uses, cache, hot, containingMethod);
        }

        /// <summary>Whether <paramref name="method"/> is a chat/completion entry point of a supported SDK.</summary>
        public static bool TryClassify(IMethodSymbol method, KnownTypes t, out LlmSdk sdk, out bool streaming)
        {
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            sdk = default;
            streaming = name.IndexOf("Streaming", StringComparison.Ordinal) >= 0;
            if (type == null)
            {
                return false;
            }

            if (name == "GetResponseAsync" || name == "GetStreamingResponseAsync")
            {
                if (KnownTypes.IsOrInherits(type, t.IChatClient) || KnownTypes.Is(type, t.ChatClientExtensions)
                    || (name == "GetResponseAsync" && KnownTypes.Is(type, t.ChatClientStructuredOutputExtensions)))
                {
                    sdk = LlmSdk.MicrosoftExtensionsAI;
                    return true;
                }

                return false;
            }

            if ((name == "CompleteChat" || name == "CompleteChatAsync" || name == "CompleteChatStreaming" || name == "CompleteChatStreamingAsync")
                && KnownTypes.IsOrInherits(type, t.OpenAIChatClient))
            {
                sdk = LlmSdk.OpenAI;
                return true;
            }

            if ((name == "CreateResponse" || name == "CreateResponseAsync" || name == "CreateResponseStreaming" || name == "CreateResponseStreamingAsync")
                && (KnownTypes.IsOrInherits(type, t.OpenAIResponsesClient) || KnownTypes.IsOrInherits(type, t.OpenAIResponseClientLegacy)))
            {
                if (method.Parameters.Length > 0 && method.Parameters[0].Type.Name == "BinaryContent")
                {
                    return false;
                }

                sdk = LlmSdk.OpenAI;
                return true;
            }

            if ((name == "Create" || name == "CreateStreaming") && KnownTypes.IsOrInherits(type, t.AnthropicMessageService))
            {
                sdk = LlmSdk.Anthropic;
                return true;
            }

            if (name == "GetChatMessageContentsAsync" || name == "GetStreamingChatMessageContentsAsync" || name == "GetChatMessageContentAsync" || name == "GetStreamingChatMessageContentAsync")
            {
                if (KnownTypes.IsOrInherits(type, t.SkChatCompletionService) || KnownTypes.Is(type, t.SkChatCompletionServiceExtensions))
                {
                    sdk = LlmSdk.SemanticKernel;
                    return true;
                }

                return false;
            }

            if ((name == "InvokePromptAsync" || name == "InvokePromptStreamingAsync" || name == "CreateFunctionFromPrompt")
                && (KnownTypes.Is(type, t.SkKernelExtensions) || KnownTypes.Is(type, t.SkKernel)))
            {
                sdk = LlmSdk.SemanticKernel;
                return true;
            }

            if (name == "CreateFromPrompt" && KnownTypes.Is(type, t.SkKernelFunctionFactory))
            {
                sdk = LlmSdk.SemanticKernel;
                return true;
            }

            return false;
        }

        private sealed class MessageCounter
        {
            public int Count;
            public bool Unknown;
        }

        private static void Merge(Dictionary<string, IOperation> into, Dictionary<string, IOperation> from)
        {
            foreach (KeyValuePair<string, IOperation> kv in from)
            {
                into[kv.Key] = kv.Value;
            }
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

        private static IOperation? ArgByOrdinal(IInvocationOperation inv, int ordinal)
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

        private static IOperation? ArgByName(IInvocationOperation inv, string name)
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

        private static IOperation? ArgOfType(IInvocationOperation inv, INamedTypeSymbol? type)
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

        private static bool IsEnumerableOf(ITypeSymbol type, INamedTypeSymbol? element)
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

        private static void AddString(ImmutableArray<PromptSegment>.Builder segments, IOperation value, PromptRole role, CancellationToken ct, MessageCounter? counter)
        {
            FoldedString? f = ValueResolver.FoldString(value, ct);
            if (counter != null)
            {
                counter.Count++;
            }

            if (f != null)
            {
                segments.Add(new PromptSegment(f.Text, role, f.IsConstant, f.LargestLiteral, f.LargestLiteralText, f.HoleSymbols, f.HoleCount));
            }
        }

        private static bool IsMessageType(ITypeSymbol? type, KnownTypes t)
        {
            if (type == null)
            {
                return false;
            }

            if (KnownTypes.IsOrInherits(type, t.MeaiChatMessage) || KnownTypes.IsOrInherits(type, t.OpenAIChatMessage))
            {
                return true;
            }

            string? ns = type.ContainingNamespace?.ToDisplayString();
            return (ns == "Anthropic.Models.Messages" && type.Name.EndsWith("MessageParam", StringComparison.Ordinal))
                || (ns == "Microsoft.SemanticKernel" && type.Name == "ChatMessageContent")
                || (ns == "OpenAI.Responses" && type.Name.EndsWith("ResponseItem", StringComparison.Ordinal));
        }

        private static PromptRole RoleOf(ITypeSymbol type, IOperation creation)
        {
            string n = type.Name;
            if (n.StartsWith("System", StringComparison.Ordinal) || n.StartsWith("Developer", StringComparison.Ordinal))
            {
                return PromptRole.System;
            }

            if (n.StartsWith("User", StringComparison.Ordinal))
            {
                return PromptRole.User;
            }

            if (n.StartsWith("Assistant", StringComparison.Ordinal))
            {
                return PromptRole.Assistant;
            }

            // new ChatMessage(ChatRole.System, ...), new() { Role = Role.User, ... }, AuthorRole.System
            foreach (IOperation d in creation.Descendants())
            {
                if (d is IPropertyReferenceOperation p && p.Instance == null || d is IFieldReferenceOperation)
                {
                    string member = d is IPropertyReferenceOperation pp ? pp.Property.Name : ((IFieldReferenceOperation)d).Field.Name;
                    if (member == "System" || member == "Developer")
                    {
                        return PromptRole.System;
                    }

                    if (member == "User")
                    {
                        return PromptRole.User;
                    }

                    if (member == "Assistant")
                    {
                        return PromptRole.Assistant;
                    }
                }
            }

            return PromptRole.Unknown;
        }

        private static void CollectMessages(IOperation value, KnownTypes t, ImmutableArray<PromptSegment>.Builder segments, MessageCounter counter, CancellationToken ct)
        {
            IOperation? unwrapped = ValueResolver.Unwrap(value);
            IOperation? traced = ValueResolver.Trace(value, ct);
            if (traced == null)
            {
                counter.Unknown = true;
                return;
            }

            var roots = new List<IOperation> { traced };
            if (unwrapped is ILocalReferenceOperation local)
            {
                // messages.Add(...), history.AddUserMessage(...)
                foreach (IOperation d in ValueResolver.Root(unwrapped).Descendants())
                {
                    if (d is IInvocationOperation call && call.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal)
                        && ValueResolver.Unwrap(call.Instance) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local.Local))
                    {
                        roots.Add(call);
                    }
                }
            }

            bool any = false;
            foreach (IOperation root in roots)
            {
                if (root is IInvocationOperation add && add.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal) && add.Instance != null)
                {
                    string n = add.TargetMethod.Name;
                    if (n == "AddSystemMessage" || n == "AddUserMessage" || n == "AddAssistantMessage" || n == "AddDeveloperMessage")
                    {
                        PromptRole role = n == "AddSystemMessage" || n == "AddDeveloperMessage" ? PromptRole.System : n == "AddUserMessage" ? PromptRole.User : PromptRole.Assistant;
                        foreach (IArgumentOperation a in add.Arguments)
                        {
                            if (a.Parameter?.Type.SpecialType == SpecialType.System_String)
                            {
                                AddString(segments, a.Value, role, ct, counter);
                                any = true;
                            }
                        }

                        continue;
                    }
                }

                foreach (IOperation d in root.DescendantsAndSelf())
                {
                    if (d is IObjectCreationOperation history && KnownTypes.IsOrInherits(history.Type, t.SkChatHistory))
                    {
                        foreach (IArgumentOperation a in history.Arguments)
                        {
                            if (a.Parameter?.Type.SpecialType == SpecialType.System_String)
                            {
                                AddString(segments, a.Value, PromptRole.System, ct, counter);
                            }
                        }

                        any = true;
                    }
                    else if (d is IObjectCreationOperation oc && IsMessageType(oc.Type, t))
                    {
                        any = true;
                        counter.Count++;
                        PromptRole role = RoleOf(oc.Type!, oc);
                        foreach (IArgumentOperation a in oc.Arguments)
                        {
                            if (a.Parameter?.Type.SpecialType == SpecialType.System_String || ValueResolver.Unwrap(a.Value)?.Type?.SpecialType == SpecialType.System_String)
                            {
                                AddString(segments, a.Value, role, ct, null);
                            }
                        }

                        Dictionary<string, IOperation> p = ValueResolver.ObjectProperties(oc, ct);
                        if (p.TryGetValue("Content", out IOperation? content) || p.TryGetValue("Text", out content))
                        {
                            AddString(segments, content, role, ct, null);
                        }
                    }
                    else if (d is IInvocationOperation f && f.TargetMethod.IsStatic && IsMessageType(f.TargetMethod.ReturnType, t))
                    {
                        any = true;
                        counter.Count++;
                        PromptRole role = f.TargetMethod.Name.IndexOf("System", StringComparison.Ordinal) >= 0 || f.TargetMethod.Name.IndexOf("Developer", StringComparison.Ordinal) >= 0
                            ? PromptRole.System
                            : f.TargetMethod.Name.IndexOf("Assistant", StringComparison.Ordinal) >= 0 ? PromptRole.Assistant : PromptRole.User;
                        foreach (IArgumentOperation a in f.Arguments)
                        {
                            if (a.Parameter?.Type.SpecialType == SpecialType.System_String)
                            {
                                AddString(segments, a.Value, role, ct, null);
                            }
                        }
                    }
                    else if (d is IInvocationOperation inv && inv.TargetMethod.Name == "AddRange")
                    {
                        counter.Unknown = true;
                    }
                }
            }

            if (!any && roots.Count == 1 && traced is not IObjectCreationOperation && traced is not IArrayCreationOperation)
            {
                counter.Unknown = true;
            }
        }

        private static ModelReference ModelFrom(Dictionary<string, IOperation> props, string name, ModelIdSource source, CancellationToken ct) =>
            props.TryGetValue(name, out IOperation? v) ? ModelFromValue(v, source, ct) : ModelReference.Unknown;

        private static ModelReference ModelFromValue(IOperation value, ModelIdSource source, CancellationToken ct)
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
        private static (ModelReference Model, CacheInfo Cache) ResolveClient(IOperation? receiver, KnownTypes t, CancellationToken ct, int depth)
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

        private static ModelReference KernelRegistrationModel(IInvocationOperation invocation, CancellationToken ct)
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

        /// <summary>
        /// True when an options/settings argument is given but its content cannot be seen (a parameter, a field, a
        /// factory call): properties may be set elsewhere.
        /// </summary>
        private static bool IsOpaque(IOperation? options, CancellationToken ct)
        {
            IOperation? value = ValueResolver.Unwrap(options);
            if (value == null || value is IDefaultValueOperation || (value.ConstantValue.HasValue && value.ConstantValue.Value == null))
            {
                return false;
            }

            IOperation? traced = ValueResolver.Trace(options, ct);
            return !(traced is IObjectCreationOperation);
        }

        private static OutputShape ReadOutput(Dictionary<string, IOperation> props, ITypeSymbol? typed, KnownTypes t, CancellationToken ct, bool optionsOpaque)
        {
            bool hasLimit = props.ContainsKey("MaxOutputTokens") || props.ContainsKey("MaxOutputTokenCount") || props.ContainsKey("MaxTokens") || props.ContainsKey("MaxCompletionTokens");
            if (!hasLimit && props.TryGetValue("ExtensionData", out IOperation? ext))
            {
                foreach (IOperation d in ext.DescendantsAndSelf())
                {
                    if (d.ConstantValue.HasValue && d.ConstantValue.Value is string key
                        && (key == "max_tokens" || key == "max_completion_tokens" || key == "max_output_tokens" || key == "maxOutputTokens" || key == "MaxTokens"))
                    {
                        hasLimit = true;
                        break;
                    }
                }
            }

            int? maxTokens = null;
            foreach (string key in new[] { "MaxOutputTokens", "MaxOutputTokenCount", "MaxTokens", "MaxCompletionTokens", "MaxOutputTokenCount" })
            {
                if (props.TryGetValue(key, out IOperation? v) && ValueResolver.FoldNumber(v, ct) is double d)
                {
                    maxTokens = (int)d;
                    break;
                }
            }

            double? temperature = props.TryGetValue("Temperature", out IOperation? tv) ? ValueResolver.FoldNumber(tv, ct) : null;
            bool hasTools = false;
            if (props.TryGetValue("Tools", out IOperation? tools))
            {
                IOperation? tt = ValueResolver.Unwrap(tools);
                hasTools = !(tt is ILiteralOperation lit && lit.ConstantValue.HasValue && lit.ConstantValue.Value == null);
            }

            if (props.ContainsKey("ToolMode") || props.ContainsKey("FunctionChoiceBehavior") || props.ContainsKey("ToolCallBehavior") || props.ContainsKey("ToolChoice"))
            {
                hasTools = true;
            }

            bool wantsJson = false;
            ITypeSymbol? schemaType = null;
            int? schemaFields = null;
            string? schemaLiteral = null;
            if (props.TryGetValue("ResponseFormat", out IOperation? rf) || props.TryGetValue("TextOptions", out rf) || props.TryGetValue("OutputConfig", out rf))
            {
                foreach (IOperation d in rf.DescendantsAndSelf())
                {
                    if (d is IInvocationOperation f)
                    {
                        string n = f.TargetMethod.Name;
                        if (n.IndexOf("Json", StringComparison.Ordinal) >= 0)
                        {
                            wantsJson = true;
                        }

                        if (n.IndexOf("Schema", StringComparison.Ordinal) >= 0)
                        {
                            if (f.TargetMethod.IsGenericMethod && f.TargetMethod.TypeArguments.Length == 1)
                            {
                                schemaType = f.TargetMethod.TypeArguments[0];
                            }

                            foreach (IArgumentOperation a in f.Arguments)
                            {
                                FoldedString? s = FoldSchema(a.Value, ct);
                                if (s != null && s.IsConstant && s.Text.IndexOf("\"properties\"", StringComparison.Ordinal) >= 0)
                                {
                                    schemaLiteral = s.Text;
                                    schemaFields = SchemaSupport.CountTopLevelProperties(s.Text);
                                }
                            }
                        }
                    }
                    else if (d is IPropertyReferenceOperation p && p.Property.Name == "Json" && KnownTypes.Is(p.Property.ContainingType, t.ChatResponseFormat))
                    {
                        wantsJson = true;
                    }
                }
            }

            return new OutputShape(typed, wantsJson, schemaType, schemaFields, maxTokens, temperature, hasTools, schemaLiteral, hasLimit, optionsOpaque);
        }

        private static FoldedString? FoldSchema(IOperation value, CancellationToken ct)
        {
            // BinaryData.FromString("...") / BinaryData.FromBytes("..."u8.ToArray()) / a string
            IOperation? v = ValueResolver.Trace(value, ct);
            if (v is IInvocationOperation inv)
            {
                foreach (IArgumentOperation a in inv.Arguments)
                {
                    FoldedString? f = ValueResolver.FoldString(a.Value, ct);
                    if (f != null)
                    {
                        return f;
                    }
                }

                return null;
            }

            return ValueResolver.FoldString(v, ct);
        }

        /// <summary>How the result of <paramref name="invocation"/> is consumed, within the same body.</summary>
        private static ImmutableArray<ResultUse> ResultUses(IInvocationOperation invocation, KnownTypes t, CancellationToken ct)
        {
            var uses = ImmutableArray.CreateBuilder<ResultUse>();
            ExamineValue(invocation, uses, t, ct, 0);
            return uses.ToImmutable();
        }

        private static void ExamineValue(IOperation value, ImmutableArray<ResultUse>.Builder uses, KnownTypes t, CancellationToken ct, int depth)
        {
            if (depth > 3)
            {
                return;
            }

            IOperation node = value;
            while (node.Parent != null)
            {
                IOperation p = node.Parent;
                if (p is IAwaitOperation || p is IConversionOperation || p is IParenthesizedOperation
                    || (p is IPropertyReferenceOperation pr && pr.Instance == node)
                    || (p is IArrayElementReferenceOperation ae && ae.ArrayReference == node)
                    || (p is IInvocationOperation ii && ii.Instance == node && IsPassThrough(ii))
                    || (p is IInvocationOperation ext && ext.Instance == null && ext.TargetMethod.IsExtensionMethod && ext.Arguments.Length > 0 && ext.Arguments[0].Value == node && IsPassThrough(ext))
                    || (p is IArgumentOperation arg0 && arg0.Parent is IInvocationOperation ext2 && ext2.TargetMethod.IsExtensionMethod && ext2.Arguments[0] == arg0 && IsPassThrough(ext2)))
                {
                    node = p;
                    continue;
                }

                break;
            }

            IOperation? parent = node.Parent;
            if (parent is IArgumentOperation arg && arg.Parent is IInvocationOperation call)
            {
                Classify(call, uses, t);
                return;
            }

            if (parent is IInvocationOperation inst && inst.Instance == node)
            {
                string n = inst.TargetMethod.Name;
                if ((n == "Equals" || n == "StartsWith" || n == "EndsWith") && inst.Arguments.Length > 0 && ValueResolver.Unwrap(inst.Arguments[0].Value)?.ConstantValue.HasValue == true)
                {
                    uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is compared with a fixed string"));
                }

                return;
            }

            if (parent is ISwitchOperation sw && sw.Value == node)
            {
                int cases = 0;
                foreach (ISwitchCaseOperation c in sw.Cases)
                {
                    foreach (ICaseClauseOperation clause in c.Clauses)
                    {
                        if (clause is ISingleValueCaseClauseOperation sv && sv.Value.ConstantValue.HasValue
                            || clause is IPatternCaseClauseOperation pc && pc.Pattern is IConstantPatternOperation)
                        {
                            cases++;
                        }
                    }
                }

                if (cases >= 2)
                {
                    uses.Add(new ResultUse(ResultUseKind.SwitchOnText, null, "the answer is switched on " + cases + " fixed values"));
                }

                return;
            }

            if (parent is ISwitchExpressionOperation se && se.Value == node)
            {
                int cases = 0;
                foreach (ISwitchExpressionArmOperation a in se.Arms)
                {
                    if (a.Pattern is IConstantPatternOperation)
                    {
                        cases++;
                    }
                }

                if (cases >= 2)
                {
                    uses.Add(new ResultUse(ResultUseKind.SwitchOnText, null, "the answer is switched on " + cases + " fixed values"));
                }

                return;
            }

            if (parent is IBinaryOperation bin && (bin.OperatorKind == BinaryOperatorKind.Equals || bin.OperatorKind == BinaryOperatorKind.NotEquals)
                && node.Type?.SpecialType == SpecialType.System_String)
            {
                IOperation other = bin.LeftOperand == node ? bin.RightOperand : bin.LeftOperand;
                if (ValueResolver.Unwrap(other)?.ConstantValue.Value is string)
                {
                    uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is compared with a fixed string"));
                }

                return;
            }

            if (parent is IIsPatternOperation isp && isp.Value == node && isp.Pattern is IConstantPatternOperation or IBinaryPatternOperation)
            {
                uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is matched against fixed strings"));
                return;
            }

            ILocalSymbol? local = null;
            if (parent is IVariableInitializerOperation vi && vi.Parent is IVariableDeclaratorOperation vd)
            {
                local = vd.Symbol;
            }
            else if (parent is ISimpleAssignmentOperation sa && sa.Value == node && ValueResolver.Unwrap(sa.Target) is ILocalReferenceOperation lr)
            {
                local = lr.Local;
            }

            if (local != null)
            {
                foreach (IOperation d in ValueResolver.Root(parent!).Descendants())
                {
                    ct.ThrowIfCancellationRequested();
                    if (d is ILocalReferenceOperation r && SymbolEqualityComparer.Default.Equals(r.Local, local) && !(r.Parent is ISimpleAssignmentOperation a && a.Target == r))
                    {
                        ExamineValue(r, uses, t, ct, depth + 1);
                    }
                }
            }
        }

        private static bool IsPassThrough(IInvocationOperation call)
        {
            string n = call.TargetMethod.Name;
            return n == "Trim" || n == "ToLowerInvariant" || n == "ToUpperInvariant" || n == "ToLower" || n == "ToUpper" || n == "ToString"
                || n == "TrimEnd" || n == "TrimStart" || n == "First" || n == "Single" || n == "FirstOrDefault" || n == "GetValueOrDefault";
        }

        private static void Classify(IInvocationOperation call, ImmutableArray<ResultUse>.Builder uses, KnownTypes t)
        {
            IMethodSymbol m = call.TargetMethod;
            SpecialType owner = m.ContainingType?.SpecialType ?? SpecialType.None;
            if (owner == SpecialType.System_Enum && (m.Name == "Parse" || m.Name == "TryParse"))
            {
                ITypeSymbol? target = m.IsGenericMethod && m.TypeArguments.Length > 0 ? m.TypeArguments[0] : null;
                if (target == null)
                {
                    foreach (IArgumentOperation a in call.Arguments)
                    {
                        if (ValueResolver.Unwrap(a.Value) is ITypeOfOperation to)
                        {
                            target = to.TypeOperand;
                        }
                    }
                }

                uses.Add(new ResultUse(ResultUseKind.EnumParse, target, "the answer is parsed with Enum." + m.Name + (target != null ? " into '" + target.Name + "'" : string.Empty)));
                return;
            }

            if (owner == SpecialType.System_Boolean && (m.Name == "Parse" || m.Name == "TryParse"))
            {
                uses.Add(new ResultUse(ResultUseKind.BoolParse, m.ContainingType, "the answer is parsed with bool." + m.Name));
                return;
            }

            if (m.Name.StartsWith("Deserialize", StringComparison.Ordinal) && KnownTypes.Is(m.ContainingType, t.JsonSerializer) && m.IsGenericMethod && m.TypeArguments.Length == 1)
            {
                uses.Add(new ResultUse(ResultUseKind.JsonDeserialize, m.TypeArguments[0], "the answer is deserialized into '" + m.TypeArguments[0].Name + "'"));
                return;
            }

            if (owner == SpecialType.System_String && (m.Name == "Equals" || m.Name == "Compare"))
            {
                foreach (IArgumentOperation a in call.Arguments)
                {
                    if (ValueResolver.Unwrap(a.Value)?.ConstantValue.Value is string)
                    {
                        uses.Add(new ResultUse(ResultUseKind.CompareText, null, "the answer is compared with a fixed string"));
                        return;
                    }
                }
            }
        }
    }
}
