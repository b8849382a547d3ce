using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>
    /// LLM2004: in the system (or first) message, dynamic content comes before a large static block, so provider prompt
    /// caching (which reuses the longest identical prefix) never hits.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class StaticPrefixFirstAnalyzer : CallSiteRuleAnalyzer
    {
        public const string MinStaticTokensOption = "LLM2004.min_static_tokens";

        /// <summary>The smallest prefix providers cache (OpenAI: 1,024 tokens; Anthropic: 1,024 for most models).</summary>
        public const int DefaultMinStaticTokens = 1024;

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.StaticPrefixFirst);

        private static int MinTokens(AnalyzerOptions options, SyntaxTree tree)
        {
            if ((options.AnalyzerConfigOptionsProvider.GetOptions(tree).TryGetValue(MinStaticTokensOption, out string? v) || options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue(MinStaticTokensOption, out v))
                && int.TryParse(v, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n > 0)
            {
                return n;
            }

            return DefaultMinStaticTokens;
        }

        private protected override void AnalyzeCallSite(OperationAnalysisContext ctx, IInvocationOperation invocation, LlmCallSite site, CallSiteRuleScope scope)
        {
            ConcurrentDictionary<Location, byte> reported = scope.Reported;
            if (site == null || site.Prompt.Segments.IsDefaultOrEmpty)
            {
                return;
            }

            PromptSegment? chosen = null;
            foreach (PromptSegment s in site.Prompt.Segments)
            {
                if (s.Role == PromptRole.System)
                {
                    chosen = s;
                    break;
                }
            }

            string where = chosen != null ? "system message" : "first message";
            chosen ??= site.Prompt.Segments[0];
            Location? literal = chosen.LargestLiteral;
            if (chosen.IsConstant || literal == null || !literal.IsInSource || !ctx.Compilation.ContainsSyntaxTree(literal.SourceTree!))
            {
                return;
            }

            SyntaxNode root = literal.SourceTree!.GetRoot(ctx.CancellationToken);
            SyntaxNode? node = root.FindNode(literal.SourceSpan, getInnermostNodeForTie: true);
            while (node != null && !(node is ExpressionSyntax))
            {
                node = node.Parent;
            }

            if (node == null)
            {
                return;
            }

            var top = (ExpressionSyntax)node;
            while (top.Parent is ParenthesizedExpressionSyntax || (top.Parent is BinaryExpressionSyntax b && b.IsKind(SyntaxKind.AddExpression)))
            {
                top = (ExpressionSyntax)top.Parent;
            }

            SemanticModel? model = ctx.Operation.SemanticModel;
            if (model == null || model.SyntaxTree != top.SyntaxTree)
            {
                return; // a prompt built in another file: not analysed
            }

            var pieces = new List<Piece>();
            Flatten(top, model, pieces, ctx);
            int firstDynamic = pieces.FindIndex(p => p.Text == null);
            if (firstDynamic < 0)
            {
                return;
            }

            int min = MinTokens(ctx.Options, top.SyntaxTree);
            var prefix = new StringBuilder();
            for (int i = 0; i < firstDynamic; i++)
            {
                prefix.Append(pieces[i].Text);
            }

            if (PromptTokens.Estimate(prefix.ToString()) >= min)
            {
                return;
            }

            int best = 0;
            var run = new StringBuilder();
            for (int i = firstDynamic + 1; i <= pieces.Count; i++)
            {
                if (i < pieces.Count && pieces[i].Text != null)
                {
                    run.Append(pieces[i].Text);
                    continue;
                }

                if (run.Length > 0)
                {
                    best = System.Math.Max(best, PromptTokens.Estimate(run.ToString()));
                    run.Clear();
                }
            }

            if (best < min || !reported.TryAdd(top.GetLocation(), 0))
            {
                return;
            }

            var props = ImmutableDictionary.CreateBuilder<string, string?>();
            // What the report prices the prompt-cache discount from: the static block's tokens at this call site's model.
            props[DiagnosticProperties.EstimatedTokens] = best.ToString(CultureInfo.InvariantCulture);
            props[DiagnosticProperties.CallSite] = CallSiteAnalyzer.CallSiteId(site);
            if (site.Model.Id != null)
            {
                props[DiagnosticProperties.ModelId] = site.Model.Id;
            }

            string? fixedText = Reorder(top, model, ctx);
            if (fixedText != null)
            {
                props[DiagnosticProperties.ReorderFix] = top is InterpolatedStringExpressionSyntax ? "MoveInterpolationHoles" : "SwapConcatenation";
                props[DiagnosticProperties.ReorderedText] = fixedText;
            }

            ctx.ReportDiagnostic(Diagnostic.Create(
                Descriptors.StaticPrefixFirst,
                top.GetLocation(),
                fixedText != null ? new[] { top.GetLocation() } : null,
                props.ToImmutable(),
                best.ToString("#,0", CultureInfo.InvariantCulture),
                where,
                CachedPrice(site, scope)));
        }

        /// <summary>" (… cached input costs 10% of input for 'model')" from the catalog, or empty when the model is not known.</summary>
        private static string CachedPrice(LlmCallSite site, CallSiteRuleScope scope)
        {
            if (site.Model.Id == null || !scope.Catalog.TryGet(site.Model.Id, out LlmLint.Catalog.ModelInfo model)
                || model.InputPerMillion <= 0 || model.CachedInputPerMillion >= model.InputPerMillion)
            {
                return string.Empty;
            }

            return string.Format(CultureInfo.InvariantCulture, " (cached input costs {0:0.##}% of the input price for '{1}')", model.CachedInputPerMillion * 100m / model.InputPerMillion, site.Model.Id);
        }

        private readonly struct Piece
        {
            public Piece(string? text) => Text = text;

            /// <summary>The static text, or null for dynamic content.</summary>
            public string? Text { get; }
        }

        private static string? Constant(ExpressionSyntax e, SemanticModel model, OperationAnalysisContext ctx)
        {
            Optional<object?> c = model.GetConstantValue(e, ctx.CancellationToken);
            return c.HasValue ? c.Value as string ?? (c.Value == null ? string.Empty : System.Convert.ToString(c.Value, CultureInfo.InvariantCulture)) : null;
        }

        private static void Flatten(ExpressionSyntax e, SemanticModel model, List<Piece> pieces, OperationAnalysisContext ctx)
        {
            switch (e)
            {
                case ParenthesizedExpressionSyntax p:
                    Flatten(p.Expression, model, pieces, ctx);
                    return;
                case BinaryExpressionSyntax b when b.IsKind(SyntaxKind.AddExpression) && Constant(b, model, ctx) == null:
                    Flatten(b.Left, model, pieces, ctx);
                    Flatten(b.Right, model, pieces, ctx);
                    return;
                case InterpolatedStringExpressionSyntax s when Constant(s, model, ctx) == null:
                    foreach (InterpolatedStringContentSyntax c in s.Contents)
                    {
                        if (c is InterpolatedStringTextSyntax t)
                        {
                            pieces.Add(new Piece(t.TextToken.ValueText));
                        }
                        else if (c is InterpolationSyntax i)
                        {
                            pieces.Add(new Piece(i.AlignmentClause == null && i.FormatClause == null ? Constant(i.Expression, model, ctx) : null));
                        }
                    }

                    return;
                default:
                    pieces.Add(new Piece(Constant(e, model, ctx)));
                    return;
            }
        }

        /// <summary>The reordered source text, when the reorder is safe: <c>hole + "static"</c>, or <c>$"{holes}…static"</c>.</summary>
        private static string? Reorder(ExpressionSyntax top, SemanticModel model, OperationAnalysisContext ctx)
        {
            if (top is BinaryExpressionSyntax b && b.IsKind(SyntaxKind.AddExpression)
                && Constant(b.Left, model, ctx) == null && !(b.Left is BinaryExpressionSyntax) && Constant(b.Right, model, ctx) != null
                && b.Right is LiteralExpressionSyntax)
            {
                return b.Right.ToString() + " + " + b.Left.ToString();
            }

            if (top is InterpolatedStringExpressionSyntax s && (s.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken) || s.StringStartToken.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken)))
            {
                // The static tail starts after the last dynamic interpolation.
                int split = -1;
                for (int i = 0; i < s.Contents.Count; i++)
                {
                    if (s.Contents[i] is InterpolationSyntax ip && (ip.AlignmentClause != null || ip.FormatClause != null || Constant(ip.Expression, model, ctx) == null))
                    {
                        split = i;
                    }
                }

                if (split < 0 || split == s.Contents.Count - 1)
                {
                    return null;
                }

                var head = new StringBuilder();
                for (int i = 0; i <= split; i++)
                {
                    head.Append(s.Contents[i].ToFullString());
                }

                var tail = new StringBuilder();
                for (int i = split + 1; i < s.Contents.Count; i++)
                {
                    tail.Append(s.Contents[i].ToFullString());
                }

                string tailText = tail.ToString();
                int sepEnd = 0;
                bool verbatim = s.StringStartToken.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken);
                while (sepEnd < tailText.Length)
                {
                    if (!verbatim && sepEnd + 1 < tailText.Length && tailText[sepEnd] == '\\' && (tailText[sepEnd + 1] == 'n' || tailText[sepEnd + 1] == 'r' || tailText[sepEnd + 1] == 't'))
                    {
                        sepEnd += 2;
                    }
                    else if (tailText[sepEnd] == ' ' || (verbatim && (tailText[sepEnd] == '\n' || tailText[sepEnd] == '\r')))
                    {
                        sepEnd++;
                    }
                    else
                    {
                        break;
                    }
                }

                string separator = sepEnd > 0 ? tailText.Substring(0, sepEnd) : (verbatim ? "\n" : "\\n");
                return s.StringStartToken.ToString() + tailText.Substring(sepEnd) + separator + head + s.StringEndToken.ToString();
            }

            return null;
        }
    }
}
