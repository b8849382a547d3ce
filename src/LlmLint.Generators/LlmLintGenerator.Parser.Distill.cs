using System.Threading;
using LlmLint.Generators.Diagnostics;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    internal static partial class Parser
    {
        /// <summary>The <c>[Distill]</c> options of an enum or bool function.</summary>
        private sealed partial class State
        {
            private DistillModel AnalyzeDistill(AttributeData distill, ReturnKind returnKind, List<ParameterModel> parameters, Location methodLocation, CancellationToken cancellationToken)
            {
                Location location = distill.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation() ?? methodLocation;
                double target = 0, shadowRate = 0;
                bool answerLocally = true;
                foreach (KeyValuePair<string, TypedConstant> named in distill.NamedArguments)
                {
                    switch (named.Key)
                    {
                        case "Target" when named.Value.Value is double d: target = d; break;
                        case "ShadowRate" when named.Value.Value is double d: shadowRate = d; break;
                        case "AnswerLocally" when named.Value.Value is bool b: answerLocally = b; break;
                    }
                }

                if (returnKind == ReturnKind.AsyncEnumerable)
                {
                    Report(Descriptors.ConflictingAttributes, location, method.Name, "a streamed result is not validated, so it cannot be distilled");
                }

                if (double.IsNaN(target) || target < 0 || target >= 1)
                {
                    Report(Descriptors.InvalidAttributeValue, location, method.Name, "the distill Target must lie between 0 and 1 (exclusive; 0 uses the runtime default)");
                }

                if (double.IsNaN(shadowRate) || shadowRate < 0 || shadowRate > 1)
                {
                    Report(Descriptors.InvalidAttributeValue, location, method.Name, "the distill ShadowRate must lie between 0 and 1 (0 uses the runtime default)");
                }

                // The student reads the single free-text argument when there is one, else the rendered prompt.
                string? input = null;
                int texts = 0;
                foreach (ParameterModel parameter in parameters)
                {
                    if (parameter.InPrompt && parameter.KeyKind == ValueKind.String)
                    {
                        texts++;
                        input = parameter.Name;
                    }
                }

                return new DistillModel(
                    target > 0 ? FormatDouble(target) : null,
                    shadowRate > 0 ? FormatDouble(shadowRate) : null,
                    answerLocally,
                    texts == 1 ? input : null);
            }
        }
    }
}
