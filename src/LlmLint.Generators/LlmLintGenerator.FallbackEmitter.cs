using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    /// <summary>
    /// Writes the body of a <c>[Prompt]</c> method that has an LLM9xxx error: it throws <c>NotSupportedException</c>
    /// with the reason, so the build shows the LLM9xxx diagnostic and not the compiler's CS8795.
    /// </summary>
    internal static class FallbackEmitter
    {
        public static void Emit(SourceProductionContext context, FallbackMethodModel model) =>
            context.AddSource(model.HintName, SourceText.From(Write(model), Encoding.UTF8));

        /// <summary>Writes the source of one fallback body.</summary>
        public static string Write(FallbackMethodModel model) =>
            ContainingScopeWriter.Write(model.Namespace, model.ContainingTypes, w =>
            {
                w.Line("/// <summary>Not generated: " + Escape(model.Reason) + "</summary>");
                w.Line(Emitter.GeneratedCodeAttribute);
                w.Line($"{model.Modifiers} {model.ReturnType} {model.MethodName}{model.TypeParameters}({model.Parameters})");
                foreach (string constraint in model.Constraints)
                {
                    w.Line("    " + constraint);
                }

                w.Line("    => throw new global::System.NotSupportedException(" + SymbolDisplay.FormatLiteral(model.Reason, quote: true) + ");");
            });

        private static string Escape(string text) =>
            text.Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\r", " ").Replace("\n", " ");
    }
}
