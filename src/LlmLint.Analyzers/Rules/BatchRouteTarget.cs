namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// Where LLM2005's fix marks a call for the batch route: a Microsoft.Extensions.AI <c>GetResponseAsync</c> call that
    /// takes <c>ChatOptions</c>, outside a request path, in a compilation that references LlmLint's
    /// <c>LlmLintChatOptionsExtensions.WithBatch</c>. The mark is inert without a <c>UseBatching(…, markedOnly: true)</c>
    /// stage, so the fixed program runs as before wherever the pipeline has none.
    /// </summary>
    internal static class BatchRouteTarget
    {
        private const string Extensions = "LlmLint.LlmLintChatOptionsExtensions";

        /// <summary>The fix kind (<see cref="DiagnosticProperties.BatchFix"/>) and the location it edits, or null when no safe fix exists.</summary>
        public static (string Kind, Location Location)? Find(IInvocationOperation invocation, LlmCallSite site, KnownTypes t)
        {
            if (site.HotPath.InEndpoint || invocation.TargetMethod.Name != "GetResponseAsync" || t.ChatOptions == null
                || !(invocation.Syntax is InvocationExpressionSyntax call) || !HasWithBatch(t.Compilation))
            {
                return null;
            }

            bool takesOptions = false;
            foreach (IParameterSymbol p in invocation.TargetMethod.Parameters)
            {
                takesOptions |= p.Name == "options" && SymbolEqualityComparer.Default.Equals(p.Type.OriginalDefinition, t.ChatOptions);
            }

            if (!takesOptions)
            {
                return null;
            }

            foreach (IArgumentOperation arg in invocation.Arguments)
            {
                if (arg.Parameter?.Name == "options" && arg.ArgumentKind == ArgumentKind.Explicit)
                {
                    return arg.Syntax is ArgumentSyntax given ? (DiagnosticProperties.MarkOptions, given.Expression.GetLocation()) : null;
                }
            }

            SeparatedSyntaxList<ArgumentSyntax> args = call.ArgumentList.Arguments;
            return args.Count == 0 ? null : (DiagnosticProperties.AddBatchOptions, args[args.Count - 1].GetLocation());
        }

        /// <summary>True when the call's options are marked for the batch route (<c>WithBatch(…)</c> at the call or on the local passed).</summary>
        public static bool IsMarked(IInvocationOperation invocation, CancellationToken ct)
        {
            foreach (IArgumentOperation arg in invocation.Arguments)
            {
                if (arg.Parameter?.Name == "options" && arg.ArgumentKind == ArgumentKind.Explicit
                    && ValueResolver.Trace(arg.Value, ct) is IInvocationOperation mark && mark.TargetMethod.Name == "WithBatch"
                    && mark.TargetMethod.ContainingType?.ToDisplayString() == Extensions)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasWithBatch(Compilation compilation)
        {
            INamedTypeSymbol? type = compilation.GetTypeByMetadataName(Extensions);
            return type != null && !type.GetMembers("WithBatch").IsEmpty;
        }
    }
}
