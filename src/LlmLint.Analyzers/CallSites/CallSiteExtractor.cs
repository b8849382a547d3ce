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

            IMethodSymbol? containingMethod = ContainingUserMethod(invocation);

            // Calls made by a chat client pipeline stage itself (DelegatingChatClient subclasses forwarding to the inner
            // client) are plumbing, not application call sites.
            if (sdk == LlmSdk.MicrosoftExtensionsAI && containingMethod?.ContainingType is INamedTypeSymbol owner && KnownTypes.IsOrInherits(owner, types.IChatClient))
            {
                return null;
            }

            IOperation? receiver = invocation.Instance ?? (method.IsExtensionMethod || (method.IsStatic && invocation.Arguments.Length > 0) ? InvocationArguments.ArgByOrdinal(invocation, 0) : null);

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
                        IOperation? options = InvocationArguments.ArgOfType(invocation, types.ChatOptions);
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

                        model = ModelResolver.ModelFrom(props, "ModelId", ModelIdSource.CallOptions, ct);
                        (ModelReference clientModel, CacheInfo clientCache) = ModelResolver.ResolveClient(receiver, types, ct, 0);
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

                        IOperation? modelArg = InvocationArguments.ArgByName(invocation, "model");
                        if (modelArg != null)
                        {
                            model = ModelResolver.ModelFromValue(modelArg, ModelIdSource.CallOptions, ct);
                        }
                        else if (props.ContainsKey("Model"))
                        {
                            model = ModelResolver.ModelFrom(props, "Model", ModelIdSource.CallOptions, ct);
                        }
                        else
                        {
                            (model, cache) = ModelResolver.ResolveClient(receiver, types, ct, 0);
                        }

                        break;
                    }

                case LlmSdk.Anthropic:
                    {
                        IOperation? parameters = InvocationArguments.ArgOfType(invocation, types.AnthropicMessageCreateParams);
                        optionsOpaque |= IsOpaque(parameters, ct);
                        Merge(props, ValueResolver.ObjectProperties(parameters, ct));
                        model = ModelResolver.ModelFrom(props, "Model", ModelIdSource.CallOptions, ct);
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

                        model = ModelResolver.ModelFrom(props, "ModelId", ModelIdSource.CallOptions, ct);
                        if (model.Id == null && !props.ContainsKey("ModelId"))
                        {
                            model = ModelResolver.KernelRegistrationModel(invocation, ct);
                        }

                        break;
                    }
            }

            OutputShape output = ReadOutput(props, typed, types, ct, optionsOpaque);
            ImmutableArray<ResultUse> uses = ResultUses(invocation, types, ct);
            if (!cache.IsCached)
            {
                CacheInfo around = CacheAroundCall(invocation, containingMethod, types);
                if (around.IsCached)
                {
                    cache = around;
                }
            }

            HotPathInfo hot = HotPath(invocation, containingMethod, types);
            var prompt = new PromptInfo(segments.ToImmutable(), messages.Count, messages.Unknown);
            return new LlmCallSite(invocation, InvocationArguments.NameLocation(invocation), sdk, method.Name, streaming, model, prompt, output, uses, cache, hot, containingMethod);
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

        /// <summary>The method (not lambda, not local function) whose body contains the call.</summary>
        public static IMethodSymbol? ContainingUserMethod(IOperation op)
        {
            SemanticModel? model = op.SemanticModel;
            ISymbol? s = model?.GetEnclosingSymbol(op.Syntax.SpanStart);
            while (s is IMethodSymbol m && (m.MethodKind == MethodKind.AnonymousFunction || m.MethodKind == MethodKind.LocalFunction))
            {
                s = m.ContainingSymbol;
            }

            return s as IMethodSymbol;
        }

        private static CacheInfo CacheAroundCall(IInvocationOperation invocation, IMethodSymbol? method, KnownTypes t)
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

        private static HotPathInfo HotPath(IInvocationOperation invocation, IMethodSymbol? method, KnownTypes t)
        {
            bool inLoop = false;
            string? loop = null;
            bool request = false;
            string? requestWhy = null;
            for (IOperation? p = invocation.Parent; p != null; p = p.Parent)
            {
                if (p is ILoopOperation l && !inLoop)
                {
                    inLoop = true;
                    loop = "in a " + (l.LoopKind == LoopKind.ForEach ? "foreach" : l.LoopKind == LoopKind.For ? "for" : "while") + " loop";
                }
                else if (p is IAnonymousFunctionOperation && LambdaHost(p) is IInvocationOperation host)
                {
                    IMethodSymbol hm = host.TargetMethod;
                    if (!inLoop && (KnownTypes.Is(hm.ContainingType, t.Parallel) || (KnownTypes.Is(hm.ContainingType, t.Enumerable) && (hm.Name == "Select" || hm.Name == "SelectMany")) || hm.Name == "ForEach"))
                    {
                        inLoop = true;
                        loop = "in a lambda passed to '" + hm.ContainingType.Name + "." + hm.Name + "'";
                    }

                    if (!request && hm.Name.StartsWith("Map", StringComparison.Ordinal) && IsEndpointRouteBuilderExtension(hm, t))
                    {
                        request = true;
                        requestWhy = "in the minimal API handler '" + hm.Name + "'";
                    }
                }
            }

            if (!request && method != null)
            {
                INamedTypeSymbol? type = method.ContainingType;
                if (type != null && method.DeclaredAccessibility == Accessibility.Public && (KnownTypes.IsOrInherits(type, t.ControllerBase) || HasAttribute(type, t.ApiControllerAttribute) || type.Name.EndsWith("Controller", StringComparison.Ordinal) && t.ControllerBase != null))
                {
                    request = true;
                    requestWhy = "in the controller action '" + type.Name + "." + method.Name + "'";
                }
                else if (type != null && method.DeclaredAccessibility == Accessibility.Public && type.DeclaredAccessibility == Accessibility.Public
                    && !method.IsStatic && (method.IsAsync || IsTaskLike(method.ReturnType, t)) && method.MethodKind == MethodKind.Ordinary)
                {
                    request = true;
                    requestWhy = "in the public async method '" + type.Name + "." + method.Name + "'";
                }
            }

            return new HotPathInfo(inLoop, loop, request, requestWhy);
        }

        /// <summary>The invocation a lambda is passed to as an argument (through delegate creation and conversions).</summary>
        private static IInvocationOperation? LambdaHost(IOperation lambda)
        {
            IOperation? p = lambda.Parent;
            while (p is IDelegateCreationOperation || p is IConversionOperation)
            {
                p = p.Parent;
            }

            return p is IArgumentOperation a ? a.Parent as IInvocationOperation : null;
        }

        private static bool IsEndpointRouteBuilderExtension(IMethodSymbol m, KnownTypes t)
        {
            if (t.EndpointRouteBuilder != null && m.Parameters.Length > 0 && KnownTypes.IsOrInherits(m.Parameters[0].Type, t.EndpointRouteBuilder))
            {
                return true;
            }

            return m.ContainingType?.Name.EndsWith("EndpointRouteBuilderExtensions", StringComparison.Ordinal) == true;
        }

        private static bool HasAttribute(ISymbol s, INamedTypeSymbol? attribute)
        {
            if (attribute == null)
            {
                return false;
            }

            foreach (AttributeData a in s.GetAttributes())
            {
                if (KnownTypes.IsOrInherits(a.AttributeClass, attribute))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsTaskLike(ITypeSymbol type, KnownTypes t) =>
            KnownTypes.IsOrInherits(type, t.Task) || KnownTypes.Is(type, t.ValueTask) || (type is INamedTypeSymbol nt && nt.Name == "ValueTask" && nt.ContainingNamespace?.ToDisplayString() == "System.Threading.Tasks");
    }
}
