using System.Globalization;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2008: an Anthropic SDK <c>Messages.Create</c>/<c>CreateStreaming</c> call whose request, written at the call
    /// (<c>new MessageCreateParams { … System = … }</c>), sends a constant system prompt at least as long as the model's
    /// minimum cacheable prefix and sets no <c>CacheControl</c> anywhere: Anthropic caches only up to an explicit
    /// breakpoint, so every call pays the full input price for it. A request built elsewhere is not judged (a breakpoint
    /// may be set there). Warning when the call runs in a loop or on a request path, Info otherwise.
    /// </summary>
    [DiagnosticAnalyzer(Microsoft.CodeAnalysis.LanguageNames.CSharp)]
    public sealed class PromptCacheBreakpointAnalyzer : CallSiteRuleAnalyzer
    {
        /// <summary>The minimum cacheable prefix assumed for an Anthropic model whose catalog entry gives none.</summary>
        public const int DefaultMinCacheableTokens = 1024;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.PromptCacheBreakpoint);

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            if (site == null || site.Sdk != LlmSdk.Anthropic || (site.MethodName != "Create" && site.MethodName != "CreateStreaming")
                || !(FindRequest(invocation) is ObjectCreationExpressionSyntax request) || request.Initializer == null
                || request.Initializer.ToString().IndexOf("CacheControl", StringComparison.Ordinal) >= 0
                || !(SystemValue(request.Initializer) is ExpressionSyntax system))
            {
                return;
            }

            PromptSegment? prompt = null;
            foreach (PromptSegment segment in site.Prompt.Segments)
            {
                if (segment.Role == PromptRole.System)
                {
                    prompt = segment;
                    break;
                }
            }

            ModelInfo? model = site.Model.Id != null && scope.Catalog.TryGet(site.Model.Id, out ModelInfo m) ? m : null;
            if (prompt == null || !prompt.IsConstant || (model != null && !string.Equals(model.Provider, "anthropic", StringComparison.OrdinalIgnoreCase)))
            {
                return;
            }

            int tokens = PromptTokens.Estimate(prompt.Text);
            int minimum = model?.MinCacheableTokens ?? DefaultMinCacheableTokens;
            if (tokens < minimum || !scope.Reported.TryAdd(system.GetLocation(), 0))
            {
                return;
            }

            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.EstimatedTokens] = tokens.ToString(CultureInfo.InvariantCulture);
            props[DiagnosticProperties.CallSite] = CallSiteAnalyzer.CallSiteId(site);
            if (site.Model.Id != null)
            {
                props[DiagnosticProperties.ModelId] = site.Model.Id;
            }

            string saving = model != null && model.CachedInputPerMillion < model.InputPerMillion
                ? string.Format(CultureInfo.InvariantCulture, " (cached reads cost {0:0.##}% of it)", model.CachedInputPerMillion * 100m / model.InputPerMillion)
                : string.Empty;
            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.PromptCacheBreakpoint,
                site.Location,
                site.HotPath.IsHot ? DiagnosticSeverity.Warning : DiagnosticSeverity.Info,
                new[] { system.GetLocation() },
                props.ToImmutable(),
                tokens.ToString("#,0", CultureInfo.InvariantCulture),
                site.Model.Id ?? "the model",
                saving));
        }

        /// <summary>The request object written at the call: its first argument, when it is a <c>new …Params { … }</c>.</summary>
        private static ObjectCreationExpressionSyntax? FindRequest(IInvocationOperation invocation)
        {
            foreach (IArgumentOperation argument in invocation.Arguments)
            {
                if (argument.Value.Syntax is ObjectCreationExpressionSyntax creation)
                {
                    return creation;
                }

                if (argument.Value is IConversionOperation conversion && conversion.Operand.Syntax is ObjectCreationExpressionSyntax converted)
                {
                    return converted;
                }
            }

            return null;
        }

        /// <summary>The value of <c>System = …</c> in the request's initializer.</summary>
        private static ExpressionSyntax? SystemValue(InitializerExpressionSyntax initializer)
        {
            foreach (ExpressionSyntax expression in initializer.Expressions)
            {
                if (expression is AssignmentExpressionSyntax assignment && assignment.Left is IdentifierNameSyntax name && name.Identifier.ValueText == "System")
                {
                    return assignment.Right;
                }
            }

            return null;
        }
    }
}
