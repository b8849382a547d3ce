namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2006: a generation call whose options are visible and set no output-token limit (<c>ChatOptions.MaxOutputTokens</c>,
    /// <c>ChatCompletionOptions.MaxOutputTokenCount</c>, Anthropic <c>MaxTokens</c>, Semantic Kernel <c>MaxTokens</c> or
    /// <c>ExtensionData["max_tokens"]</c>). Silent when the options come from somewhere the analyzer cannot see.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class OutputTokenLimitAnalyzer : CallSiteRuleAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.SetOutputTokenLimit);

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            if (site == null || site.Output.HasOutputLimit || site.Output.OptionsOpaque
                || site.MethodName == "CreateFromPrompt" || site.MethodName == "CreateFunctionFromPrompt")
            {
                return;
            }

            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            props[DiagnosticProperties.Sdk] = site.Sdk.ToString();
            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.SetOutputTokenLimit,
                site.Location,
                props.ToImmutable(),
                site.MethodName,
                Hint(site.Sdk)));
        }

        private static string Hint(LlmSdk sdk) => sdk switch
        {
            LlmSdk.MicrosoftExtensionsAI => "set ChatOptions.MaxOutputTokens",
            LlmSdk.OpenAI => "set ChatCompletionOptions.MaxOutputTokenCount",
            LlmSdk.Anthropic => "set MaxTokens",
            _ => "set MaxTokens on the execution settings",
        };
    }
}
