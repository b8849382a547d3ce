using LlmLint.Analyzers.CallSites.Recognisers;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Finds what makes a call an agent call: tools or functions offered to the model, a client pipeline that invokes
    /// functions, or a method that sends tool results back to the model. Each finder returns what it saw, or null.
    /// </summary>
    internal static class ToolUseDetection
    {
        private const int MaxPipelineDepth = 8;

        /// <summary>Request properties that list tools or functions.</summary>
        private static readonly string[] s_toolLists = { "Tools", "Functions" };

        /// <summary>Types whose construction sends a tool's result back to the model.</summary>
        private static readonly HashSet<string> s_toolResultTypes = new HashSet<string>(StringComparer.Ordinal)
        {
            "ToolChatMessage", "FunctionResultContent", "ToolResultBlockParam", "BetaToolResultBlockParam", "FunctionCallOutputResponseItem",
        };

        /// <summary>Factory methods that build a tool-result message.</summary>
        private static readonly HashSet<string> s_toolResultFactories = new HashSet<string>(StringComparer.Ordinal)
        {
            "CreateToolMessage", "CreateFunctionCallOutputItem",
        };

        /// <summary>What in the request's options offers tools to the model, or null.</summary>
        public static string? InOptions(CallRequest request, CancellationToken ct)
        {
            foreach (string list in s_toolLists)
            {
                if (request.Options.TryGetValue(list, out IOperation? value) && ListsSomething(value))
                {
                    return "'" + list + "' are offered to the model";
                }
            }

            if (request.Options.TryGetValue("FunctionChoiceBehavior", out IOperation? choice) && ChoosesFunctions(choice))
            {
                return "FunctionChoiceBehavior lets the model call functions";
            }

            if (request.Options.TryGetValue("ToolCallBehavior", out IOperation? behavior) && ChoosesFunctions(behavior))
            {
                return "ToolCallBehavior lets the model call kernel functions";
            }

            foreach (IOperation options in request.OptionObjects)
            {
                if (ToolsAddedLater(options, ct) is string added)
                {
                    return added;
                }
            }

            return null;
        }

        /// <summary>The client the call goes through invokes functions (<c>UseFunctionInvocation()</c>, <c>FunctionInvokingChatClient</c>).</summary>
        public static string? InPipeline(IOperation? client, KnownTypes t, CancellationToken ct)
        {
            IOperation? op = ValueResolver.Trace(client, ct);
            for (int depth = 0; op != null && depth < MaxPipelineDepth; depth++)
            {
                IOperation? inner = null;
                switch (op)
                {
                    case IInvocationOperation stage when stage.TargetMethod.Name == "UseFunctionInvocation":
                        return "the client pipeline has UseFunctionInvocation()";
                    case IInvocationOperation stage when KnownTypes.Is(stage.TargetMethod.ContainingType, t.ChatClientBuilder) || KnownTypes.Is(stage.TargetMethod.ReturnType, t.ChatClientBuilder):
                        inner = stage.Instance ?? FirstArgument(stage);
                        break;
                    case IObjectCreationOperation oc when oc.Type != null && oc.Type.Name == "FunctionInvokingChatClient":
                        return "the client is a FunctionInvokingChatClient";
                    case IObjectCreationOperation oc:
                        inner = ModelResolver.InnerClientArg(oc, t);
                        break;
                }

                op = inner == null ? null : ValueResolver.Trace(inner, ct);
            }

            return null;
        }

        /// <summary>Finish or stop reasons that mean the model asked for a tool (<c>ChatFinishReason.ToolCalls</c>, Anthropic <c>StopReason.ToolUse</c>).</summary>
        private static readonly HashSet<string> s_toolFinishReasons = new HashSet<string>(StringComparer.Ordinal)
        {
            "ToolCalls", "FunctionCall", "ToolUse",
        };

        /// <summary>
        /// The method around the call builds tool-result messages, or tests the answer's finish reason for a tool request
        /// (<c>while (c.FinishReason == ChatFinishReason.ToolCalls)</c>, the results being built in a helper): a loop that
        /// feeds tool results back.
        /// </summary>
        public static string? ToolResultsFedBack(IInvocationOperation invocation, CancellationToken ct)
        {
            foreach (IOperation d in ValueResolver.Root(invocation).Descendants())
            {
                ct.ThrowIfCancellationRequested();
                if (d is IObjectCreationOperation oc && oc.Type != null && s_toolResultTypes.Contains(oc.Type.Name))
                {
                    return "the method sends tool results back to the model ('" + oc.Type.Name + "')";
                }

                if (d is IInvocationOperation f && f.TargetMethod.IsStatic && s_toolResultFactories.Contains(f.TargetMethod.Name))
                {
                    return "the method sends tool results back to the model ('" + f.TargetMethod.Name + "')";
                }

                if (d is IMemberReferenceOperation reason && IsToolFinishReason(reason.Member))
                {
                    return "the method checks whether the model asked for tools ('" + reason.Member.ContainingType.Name + "." + reason.Member.Name + "')";
                }
            }

            return null;
        }

        private static bool IsToolFinishReason(ISymbol member) =>
            member.IsStatic && s_toolFinishReasons.Contains(member.Name) && member.ContainingType is INamedTypeSymbol type
            && (type.Name.EndsWith("FinishReason", StringComparison.Ordinal) || type.Name.EndsWith("StopReason", StringComparison.Ordinal));

        /// <summary>A tool list with at least one entry, or one whose content is not visible (a field, a call).</summary>
        private static bool ListsSomething(IOperation value)
        {
            IOperation? v = ValueResolver.Unwrap(value);
            switch (v)
            {
                case null:
                    return false;
                case ILiteralOperation lit when lit.ConstantValue.HasValue && lit.ConstantValue.Value == null:
                case IDefaultValueOperation:
                    return false;
                case IObjectOrCollectionInitializerOperation init:
                    return init.Initializers.Length > 0;
                case IArrayCreationOperation array:
                    return array.Initializer == null || array.Initializer.ElementValues.Length > 0;
                case IObjectCreationOperation creation:
                    return creation.Arguments.Length > 0 || (creation.Initializer != null && creation.Initializer.Initializers.Length > 0);
                default:
                    return !IsEmptyCollectionExpression(v);
            }
        }

        private static bool IsEmptyCollectionExpression(IOperation v) =>
            v.Syntax is CollectionExpressionSyntax collection && collection.Elements.Count == 0;

        /// <summary><c>FunctionChoiceBehavior.Auto()</c>/<c>Required()</c>, <c>ToolCallBehavior.AutoInvokeKernelFunctions</c> …, not <c>None()</c>.</summary>
        private static bool ChoosesFunctions(IOperation value)
        {
            IOperation? v = ValueResolver.Unwrap(value);
            string? member = v switch
            {
                IInvocationOperation call => call.TargetMethod.Name,
                IPropertyReferenceOperation p => p.Property.Name,
                IFieldReferenceOperation f => f.Field.Name,
                ILiteralOperation lit when lit.ConstantValue.HasValue && lit.ConstantValue.Value == null => "None",
                _ => null,
            };
            return member != "None" && member != "NoneInvoke";
        }

        /// <summary><c>options.Tools.Add(…)</c> or <c>options.Tools = …</c> in the body that made the options.</summary>
        private static string? ToolsAddedLater(IOperation options, CancellationToken ct)
        {
            if (!(ValueResolver.Unwrap(options) is ILocalReferenceOperation local))
            {
                return null;
            }

            foreach (IOperation d in ValueResolver.Root(local).Descendants())
            {
                ct.ThrowIfCancellationRequested();
                if (d is IInvocationOperation add && add.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal)
                    && ValueResolver.Unwrap(add.Instance) is IPropertyReferenceOperation list && IsToolListOf(list, local.Local))
                {
                    return "tools are added to '" + local.Local.Name + "." + list.Property.Name + "'";
                }
            }

            return null;
        }

        private static bool IsToolListOf(IPropertyReferenceOperation list, ILocalSymbol local) =>
            Array.IndexOf(s_toolLists, list.Property.Name) >= 0
            && ValueResolver.Unwrap(list.Instance) is ILocalReferenceOperation owner && SymbolEqualityComparer.Default.Equals(owner.Local, local);

        private static IOperation? FirstArgument(IInvocationOperation call) => call.Arguments.Length > 0 ? call.Arguments[0].Value : null;
    }
}
