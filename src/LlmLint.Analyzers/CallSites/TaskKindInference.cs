namespace LlmLint.Analyzers.CallSites
{
    /// <summary>What a call site is for.</summary>
    internal enum TaskKind
    {
        Other,
        Classification,
        Extraction,
        /// <summary>Tools or functions are offered to the model, or tool results are fed back: an agent step.</summary>
        Agent,
    }

    /// <summary>How strong the evidence for a task kind is.</summary>
    internal enum EvidenceStrength
    {
        None,
        /// <summary>Only the prompt text suggests the task.</summary>
        Textual,
        /// <summary>The code shape (types, parsing, schema, output budget) shows the task.</summary>
        Structural,
    }

    /// <summary>The inferred task kind with a score in [0, 1] and the evidence behind it.</summary>
    internal sealed class TaskInference
    {
        public static readonly TaskInference Unknown = new TaskInference(TaskKind.Other, 0, EvidenceStrength.None, ImmutableArray<string>.Empty);

        public TaskInference(TaskKind kind, double score, EvidenceStrength strength, ImmutableArray<string> evidence)
        {
            Kind = kind;
            Score = score;
            Strength = strength;
            Evidence = evidence;
        }

        public TaskKind Kind { get; }
        public double Score { get; }
        public EvidenceStrength Strength { get; }
        public ImmutableArray<string> Evidence { get; }

        public bool IsClassificationOrExtraction => Kind == TaskKind.Classification || Kind == TaskKind.Extraction;
    }

    /// <summary>Infers classification / extraction / other for an <see cref="LlmCallSite"/>. See docs/task-inference.md.</summary>
    internal static class TaskKindInference
    {
        /// <summary>Maximum properties of a "small" result record.</summary>
        public const int MaxSmallRecordProperties = 8;

        /// <summary>Output budgets at or below this are a structural sign of a label answer.</summary>
        public const int TinyMaxOutputTokens = 20;

        private static readonly string[] s_classificationPhrases =
        {
            "classify", "classification", "categorize", "categorise", "categorization", "which category", "label the", "assign a label",
            "pick one of", "choose one of", "one of the following", "answer yes or no", "yes or no", "respond with only the", "reply with only the",
            "sentiment", "is this spam", "intent of",
        };

        private static readonly string[] s_extractionPhrases =
        {
            "extract", "pull out the", "return only json", "respond only with json", "respond with json", "return json", "as json with", "json object with",
            "fill in the fields", "the following fields",
        };

        private static readonly string[] s_generationPhrases =
        {
            "write a", "write an", "draft", "compose", "summarize", "summarise", "translate", "rewrite", "explain", "brainstorm", "generate a story",
            // Long-form layout: an answer with headings, bullet points or paragraphs is written text, whatever it categorizes
            // inside. ("markdown" alone is not: "no markdown fences" is common in extraction prompts; nor "a report": a router
            // prompt may name one among its choices.)
            "headings", "bullet points", "paragraphs", "executive summary",
        };

        public static TaskInference Infer(LlmCallSite site)
        {
            // A call that can use tools is an agent step, whatever its prompt or answer type says: the model decides
            // what to do next, and a "classify, then act" instruction is not a classification call.
            if (site.Output.HasTools)
            {
                return new TaskInference(TaskKind.Agent, 1.0, EvidenceStrength.Structural, ImmutableArray.Create(site.Output.ToolEvidence ?? "tools are offered to the model"));
            }

            // Writing wrapped in JSON ({ "subject": …, "htmlBody": … }) is generation, whatever record carries it.
            if (WrittenTextField(site) is string prose)
            {
                return new TaskInference(TaskKind.Other, 0.8, EvidenceStrength.Structural, ImmutableArray.Create(prose));
            }

            var structural = new List<(TaskKind Kind, string Why)>();

            ITypeSymbol? typed = site.Output.TypedResult;
            if (typed != null)
            {
                AddTypeEvidence(typed, "typed result", structural);
            }

            if (site.Output.SchemaType != null)
            {
                AddTypeEvidence(site.Output.SchemaType, "JSON schema of", structural);
            }

            if (site.Output.SchemaFieldCount is int fields && fields > 0 && fields <= MaxSmallRecordProperties)
            {
                bool hasEnum = site.Output.SchemaLiteral?.IndexOf("\"enum\"", StringComparison.Ordinal) >= 0;
                structural.Add((hasEnum && fields <= 2 ? TaskKind.Classification : TaskKind.Extraction, "a JSON schema with " + fields + " field" + (fields == 1 ? string.Empty : "s")));
            }

            foreach (ResultUse use in site.ResultUses)
            {
                switch (use.Kind)
                {
                    case ResultUseKind.EnumParse:
                    case ResultUseKind.BoolParse:
                    case ResultUseKind.SwitchOnText:
                        structural.Add((TaskKind.Classification, use.Description));
                        break;
                    case ResultUseKind.CompareText:
                        structural.Add((TaskKind.Classification, use.Description));
                        break;
                    case ResultUseKind.JsonDeserialize:
                        if (use.TargetType != null && IsSmallRecord(use.TargetType, out _))
                        {
                            structural.Add((TaskKind.Extraction, use.Description + ", a small record"));
                        }
                        else if (use.TargetType != null && (use.TargetType.TypeKind == TypeKind.Enum || use.TargetType.SpecialType == SpecialType.System_Boolean))
                        {
                            structural.Add((TaskKind.Classification, use.Description));
                        }

                        break;
                }
            }

            if (site.Output.MaxOutputTokens is int max && max > 0 && max <= TinyMaxOutputTokens)
            {
                structural.Add((TaskKind.Classification, "max output tokens is " + max));
            }

            // Textual evidence from the known prompt text.
            int cls = 0, ext = 0, gen = 0;
            string? clsWord = null, extWord = null;
            foreach (PromptSegment s in site.Prompt.Segments)
            {
                if (s.Role == PromptRole.Assistant)
                {
                    continue;
                }

                string text = s.Text;
                Count(text, s_classificationPhrases, ref cls, ref clsWord);
                Count(text, s_extractionPhrases, ref ext, ref extWord);
                string? ignored = null;
                Count(text, s_generationPhrases, ref gen, ref ignored);
            }

            var evidence = ImmutableArray.CreateBuilder<string>();
            if (structural.Count > 0)
            {
                int c = 0, e = 0;
                foreach ((TaskKind k, string why) in structural)
                {
                    if (k == TaskKind.Classification) c++; else e++;
                    evidence.Add(why);
                }

                TaskKind kind = c >= e ? TaskKind.Classification : TaskKind.Extraction;
                if (kind == TaskKind.Classification && clsWord != null) evidence.Add("the prompt says '" + clsWord + "'");
                if (kind == TaskKind.Extraction && extWord != null) evidence.Add("the prompt says '" + extWord + "'");
                double score = Math.Min(1.0, 0.8 + 0.05 * (structural.Count - 1) + (cls + ext > 0 ? 0.05 : 0));
                return new TaskInference(kind, score, EvidenceStrength.Structural, evidence.ToImmutable());
            }

            if (cls + ext == 0 || gen >= cls + ext)
            {
                return TaskInference.Unknown;
            }

            TaskKind textual = cls >= ext ? TaskKind.Classification : TaskKind.Extraction;
            evidence.Add("the prompt says '" + (textual == TaskKind.Classification ? clsWord : extWord) + "'");
            double textualScore = Math.Min(0.7, 0.4 + 0.1 * (cls + ext) - 0.1 * gen);
            return new TaskInference(textual, textualScore, EvidenceStrength.Textual, evidence.ToImmutable());
        }

        /// <summary>
        /// Names of string fields that hold text the model writes (an e-mail body, an HTML page, a letter, a reviewer's
        /// feedback or suggestions), not a value it reads off.
        /// </summary>
        private static readonly string[] s_writtenTextSuffixes = { "Body", "Html", "Letter", "Essay", "Article", "Story", "Draft", "Script", "Feedback", "Suggestion", "Suggestions", "Critique" };

        /// <summary>The typed, schema or deserialized answer has a string property named as written text: why, else null.</summary>
        private static string? WrittenTextField(LlmCallSite site)
        {
            string? found = WrittenTextField(site.Output.TypedResult) ?? WrittenTextField(site.Output.SchemaType);
            foreach (ResultUse use in site.ResultUses)
            {
                if (found == null && use.Kind == ResultUseKind.JsonDeserialize)
                {
                    found = WrittenTextField(use.TargetType);
                }
            }

            return found;
        }

        private static string? WrittenTextField(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol nt || (nt.TypeKind != TypeKind.Class && nt.TypeKind != TypeKind.Struct) || nt.SpecialType != SpecialType.None)
            {
                return null;
            }

            foreach (ISymbol m in nt.GetMembers())
            {
                if (m is IPropertySymbol p && p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic && p.Type.SpecialType == SpecialType.System_String)
                {
                    foreach (string suffix in s_writtenTextSuffixes)
                    {
                        if (p.Name.EndsWith(suffix, StringComparison.Ordinal))
                        {
                            return "the answer's '" + p.Name + "' field of '" + nt.Name + "' holds written text";
                        }
                    }
                }
            }

            return null;
        }

        private static void Count(string text, string[] phrases, ref int count, ref string? first)
        {
            foreach (string p in phrases)
            {
                if (text.IndexOf(p, StringComparison.OrdinalIgnoreCase) >= 0)
                {
                    count++;
                    first ??= p;
                }
            }
        }

        private static void AddTypeEvidence(ITypeSymbol type, string what, List<(TaskKind, string)> structural)
        {
            if (type.TypeKind == TypeKind.Enum)
            {
                structural.Add((TaskKind.Classification, what + " '" + type.Name + "' is an enum"));
            }
            else if (type.SpecialType == SpecialType.System_Boolean)
            {
                structural.Add((TaskKind.Classification, what + " is a bool"));
            }
            else if (IsSmallRecord(type, out int n))
            {
                structural.Add((TaskKind.Extraction, what + " '" + type.Name + "' is a small record of " + n + " simple propert" + (n == 1 ? "y" : "ies")));
            }
        }

        /// <summary>
        /// A class/struct/record with 1..8 public properties, each a primitive, enum, string, date, Guid or decimal (or
        /// nullable of those), or a list or array of such values (the tags or labels of a multi-label answer).
        /// </summary>
        public static bool IsSmallRecord(ITypeSymbol type, out int propertyCount)
        {
            propertyCount = 0;
            if (type is not INamedTypeSymbol nt || (nt.TypeKind != TypeKind.Class && nt.TypeKind != TypeKind.Struct) || nt.SpecialType != SpecialType.None)
            {
                return false;
            }

            if (nt.ContainingNamespace?.ToDisplayString().StartsWith("System", StringComparison.Ordinal) == true)
            {
                return false;
            }

            foreach (ISymbol m in nt.GetMembers())
            {
                if (m is IPropertySymbol p && p.DeclaredAccessibility == Accessibility.Public && !p.IsStatic && !p.IsIndexer && p.Name != "EqualityContract")
                {
                    if (!IsSimple(p.Type) && !(ElementOf(p.Type) is ITypeSymbol element && IsSimple(element)))
                    {
                        return false;
                    }

                    propertyCount++;
                }
            }

            return propertyCount > 0 && propertyCount <= MaxSmallRecordProperties;
        }

        /// <summary>The element type of an array or of a generic list, set or sequence type of System.Collections.Generic; else null.</summary>
        private static ITypeSymbol? ElementOf(ITypeSymbol t)
        {
            if (t is IArrayTypeSymbol array && array.Rank == 1)
            {
                return array.ElementType;
            }

            return t is INamedTypeSymbol n && n.IsGenericType && n.TypeArguments.Length == 1
                && n.ContainingNamespace?.ToDisplayString() == "System.Collections.Generic" ? n.TypeArguments[0] : null;
        }

        private static bool IsSimple(ITypeSymbol t)
        {
            if (t is INamedTypeSymbol n && n.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T)
            {
                t = n.TypeArguments[0];
            }

            if (t.TypeKind == TypeKind.Enum)
            {
                return true;
            }

            switch (t.SpecialType)
            {
                case SpecialType.System_Boolean:
                case SpecialType.System_Char:
                case SpecialType.System_Byte:
                case SpecialType.System_Int16:
                case SpecialType.System_Int32:
                case SpecialType.System_Int64:
                case SpecialType.System_Single:
                case SpecialType.System_Double:
                case SpecialType.System_Decimal:
                case SpecialType.System_String:
                case SpecialType.System_DateTime:
                    return true;
            }

            string name = t.Name;
            return (name == "DateOnly" || name == "DateTimeOffset" || name == "Guid" || name == "TimeSpan") && t.ContainingNamespace?.ToDisplayString() == "System";
        }
    }
}
