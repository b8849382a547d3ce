using LlmLint.Generators.Diagnostics;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    internal static partial class Parser
    {
        /// <summary>The prompt template: literal text and holes bound to parameters, checked against the method.</summary>
        private sealed partial class State
        {
            private List<TemplateSegment> ParseTemplate(string template, IMethodSymbol method, List<ParameterModel> parameters, Location location, out bool[] used)
            {
                used = new bool[parameters.Count];
                var segments = new List<TemplateSegment>();
                var literal = new StringBuilder();
                int i = 0;
                while (i < template.Length)
                {
                    char c = template[i];
                    if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
                    {
                        literal.Append('{');
                        i += 2;
                        continue;
                    }

                    if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
                    {
                        literal.Append('}');
                        i += 2;
                        continue;
                    }

                    if (c == '{')
                    {
                        int close = template.IndexOf('}', i + 1);
                        string inner = close < 0 ? string.Empty : template.Substring(i + 1, close - i - 1);
                        int colon = inner.IndexOf(':');
                        string name = (colon < 0 ? inner : inner.Substring(0, colon)).Trim();
                        string? format = colon < 0 ? null : inner.Substring(colon + 1);
                        if (close > 0 && IsIdentifier(name))
                        {
                            int index = parameters.FindIndex(p => p.Name == name || p.Name == "@" + name);
                            if (index < 0 || parameters[index].IsCancellationToken)
                            {
                                Report(Descriptors.PlaceholderWithoutParameter, location, name, method.Name);
                            }
                            else
                            {
                                if (literal.Length > 0)
                                {
                                    segments.Add(new TemplateSegment(literal.ToString(), -1, null));
                                    literal.Clear();
                                }

                                used[index] = true;
                                segments.Add(new TemplateSegment(null, index, string.IsNullOrEmpty(format) ? null : format));
                            }

                            i = close + 1;
                            continue;
                        }
                    }

                    literal.Append(c);
                    i++;
                }

                if (literal.Length > 0)
                {
                    segments.Add(new TemplateSegment(literal.ToString(), -1, null));
                }

                // A [NotInPrompt] parameter that the template does use is rendered, as the template asks.
                for (int p = 0; p < parameters.Count; p++)
                {
                    if (used[p] && !parameters[p].InPrompt && !parameters[p].IsCancellationToken)
                    {
                        parameters[p] = parameters[p] with { InPrompt = true };
                    }
                }

                return segments;
            }
        }
    }
}
