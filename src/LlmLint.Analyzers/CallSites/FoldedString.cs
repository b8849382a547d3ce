using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>A string value reconstructed from code.</summary>
    internal sealed class FoldedString
    {
        public FoldedString(string text, bool isConstant, Location? largestLiteral, string largestLiteralText, ImmutableArray<ISymbol> holeSymbols, int holeCount, IFieldSymbol? field, bool singleLiteral)
        {
            Text = text;
            IsConstant = isConstant;
            LargestLiteral = largestLiteral;
            LargestLiteralText = largestLiteralText;
            HoleSymbols = holeSymbols;
            HoleCount = holeCount;
            Field = field;
            SingleLiteral = singleLiteral;
        }

        public string Text { get; }
        public bool IsConstant { get; }
        public Location? LargestLiteral { get; }
        public string LargestLiteralText { get; }
        public ImmutableArray<ISymbol> HoleSymbols { get; }
        public int HoleCount { get; }

        /// <summary>The const/static readonly field the value was read from, if any.</summary>
        public IFieldSymbol? Field { get; }

        /// <summary>The whole value is exactly one string literal (at <see cref="LargestLiteral"/>).</summary>
        public bool SingleLiteral { get; }
    }
}
