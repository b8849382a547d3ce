namespace LlmLint.Analyzers.CallSites.Recognisers
{
    /// <summary>
    /// Semantic Kernel: <c>IChatCompletionService.GetChatMessageContent(s)Async</c> and their streaming forms;
    /// <c>kernel.InvokePromptAsync(&lt;T&gt;)</c> and <c>InvokePromptStreamingAsync</c>; and the invocation of a prompt function
    /// (<c>kernel.InvokeAsync(function, args)</c>, <c>InvokeStreamingAsync</c>, <c>function.InvokeAsync(kernel, args)</c>) when the
    /// function is made from a prompt (<c>CreateFunctionFromPrompt</c>, <c>KernelFunctionFactory.CreateFromPrompt</c>). Making the
    /// function is not a call; invoking it is, with the creation's template and settings. A function that is not traced to
    /// a prompt (a native function, a plugin looked up by name) is not an LLM call this recogniser can vouch for.
    /// Settings (<c>PromptExecutionSettings</c>, <c>OpenAIPromptExecutionSettings</c>) come as an argument or inside
    /// <c>KernelArguments</c>; the model is their <c>ModelId</c>, else the one registered on the kernel.
    /// </summary>
    internal sealed class SemanticKernelRecogniser : ICallShapeRecogniser
    {
        public LlmSdk Sdk => LlmSdk.SemanticKernel;

        public bool Recognises(IMethodSymbol method, KnownTypes t)
        {
            string name = method.Name;
            INamedTypeSymbol type = method.ContainingType;
            switch (name)
            {
                case "GetChatMessageContentsAsync":
                case "GetStreamingChatMessageContentsAsync":
                case "GetChatMessageContentAsync":
                case "GetStreamingChatMessageContentAsync":
                    return KnownTypes.IsOrInherits(type, t.SkChatCompletionService) || KnownTypes.Is(type, t.SkChatCompletionServiceExtensions);
                case "InvokePromptAsync":
                case "InvokePromptStreamingAsync":
                    return KnownTypes.Is(type, t.SkKernelExtensions) || KnownTypes.Is(type, t.SkKernel);
                case "InvokeAsync":
                case "InvokeStreamingAsync":
                    return (KnownTypes.Is(type, t.SkKernel) && FunctionParameter(method, t) != null) || KnownTypes.IsOrInherits(type, t.SkKernelFunction);
                default:
                    return false;
            }
        }

        public bool TryRead(IInvocationOperation invocation, IOperation? receiver, KnownTypes t, CallRequest request, CancellationToken ct)
        {
            IMethodSymbol method = invocation.TargetMethod;
            IInvocationOperation? creation = null;
            if (method.Name == "InvokeAsync" || method.Name == "InvokeStreamingAsync")
            {
                IOperation? function = KnownTypes.IsOrInherits(method.ContainingType, t.SkKernelFunction) ? invocation.Instance : InvocationArguments.ArgOfType(invocation, t.SkKernelFunction);
                creation = PromptFunctionCreation(function, t, ct);
                if (creation == null)
                {
                    return false;
                }

                ReadArguments(creation, t, request, ct);
            }

            ReadArguments(invocation, t, request, ct);
            if (method.IsGenericMethod && method.TypeArguments.Length == 1)
            {
                request.TypedResult = method.TypeArguments[0];
            }

            request.Model = ModelResolver.ModelFrom(request.Options, "ModelId", ModelIdSource.CallOptions, ct);
            if (request.Model.Id == null && !request.Options.ContainsKey("ModelId"))
            {
                request.Model = KernelModel(invocation, creation, ct);
            }

            return true;
        }

        /// <summary>The model registered on the kernel: looked for where the call is, then where its prompt function was made.</summary>
        private static ModelReference KernelModel(IInvocationOperation invocation, IInvocationOperation? creation, CancellationToken ct)
        {
            ModelReference model = ModelResolver.KernelRegistrationModel(invocation, ct);
            if (model.Id == null && creation != null)
            {
                model = ModelResolver.KernelRegistrationModel(creation, ct);
            }

            return model;
        }

        private static void ReadArguments(IInvocationOperation call, KnownTypes t, CallRequest request, CancellationToken ct)
        {
            foreach (IArgumentOperation arg in call.Arguments)
            {
                if (arg.Parameter == null || arg.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                ITypeSymbol pt = arg.Parameter.Type;
                string name = arg.Parameter.Name;
                if (pt.SpecialType == SpecialType.System_String && (name == "promptTemplate" || name == "prompt"))
                {
                    request.Prompt.AddMessage(arg.Value, name == "prompt" ? PromptRole.User : PromptRole.Template, ct);
                }
                else if (KnownTypes.IsOrInherits(pt, t.SkChatHistory))
                {
                    request.Prompt.AddMessages(arg.Value, t, ct);
                }
                else if (KnownTypes.IsOrInherits(pt, t.SkPromptExecutionSettings))
                {
                    request.AddOptions(arg.Value, ct);
                }
                else if (KnownTypes.Is(pt, t.SkKernelArguments))
                {
                    ReadKernelArguments(arg.Value, t, request, ct);
                }
            }
        }

        /// <summary><c>new KernelArguments(settings)</c>: the settings inside; an argument object made elsewhere is opaque.</summary>
        private static void ReadKernelArguments(IOperation value, KnownTypes t, CallRequest request, CancellationToken ct)
        {
            if (!(ValueResolver.Trace(value, ct) is IObjectCreationOperation creation))
            {
                request.AddOptions(value, ct);
                return;
            }

            foreach (IArgumentOperation a in creation.Arguments)
            {
                if (KnownTypes.IsOrInherits(a.Value.Type, t.SkPromptExecutionSettings) || KnownTypes.IsOrInherits(ValueResolver.Trace(a.Value, ct)?.Type, t.SkPromptExecutionSettings))
                {
                    request.AddOptions(a.Value, ct);
                }
            }
        }

        /// <summary>The call that made <paramref name="function"/> from a prompt, or null when it is not traced to one.</summary>
        private static IInvocationOperation? PromptFunctionCreation(IOperation? function, KnownTypes t, CancellationToken ct)
        {
            if (ValueResolver.Trace(function, ct) is IInvocationOperation made
                && (made.TargetMethod.Name == "CreateFunctionFromPrompt" && KnownTypes.Is(made.TargetMethod.ContainingType, t.SkKernelExtensions)
                    || made.TargetMethod.Name == "CreateFromPrompt" && KnownTypes.Is(made.TargetMethod.ContainingType, t.SkKernelFunctionFactory)))
            {
                return made;
            }

            return null;
        }

        private static IParameterSymbol? FunctionParameter(IMethodSymbol method, KnownTypes t)
        {
            foreach (IParameterSymbol p in method.Parameters)
            {
                if (KnownTypes.IsOrInherits(p.Type, t.SkKernelFunction))
                {
                    return p;
                }
            }

            return null;
        }
    }
}
