using System.Globalization;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    /// <summary>Writes the implementation of one LLM function from its model.</summary>
    internal static class Emitter
    {
        private const string Support = "global::LlmLint.Generated.LlmFunctionSupport";
        private const string Json = "global::System.Text.Json";
        private const string Ai = "global::Microsoft.Extensions.AI";

        private static readonly string Version = typeof(LlmLintGenerator).Assembly.GetName().Version?.ToString() ?? "0.0.0.0";

        private static readonly string GeneratedCode = $"[global::System.CodeDom.Compiler.GeneratedCode(\"LlmLint\", \"{Version}\")]";

        /// <summary>Gets the <c>[GeneratedCode]</c> attribute every generated member carries.</summary>
        internal static string GeneratedCodeAttribute => GeneratedCode;

        public static void Emit(SourceProductionContext context, LlmFunctionModel model) =>
            context.AddSource(model.HintName, SourceText.From(Write(model), Encoding.UTF8));

        /// <summary>Writes the source of one LLM function.</summary>
        public static string Write(LlmFunctionModel model) =>
            ContainingScopeWriter.Write(model.Namespace, model.ContainingTypes, w =>
            {
                WriteMethod(w, model);
                w.Line();
                WriteHelperClass(w, model);
            });

        private static void WriteMethod(IndentedWriter w, LlmFunctionModel model)
        {
            string helper = model.HelperClassName;
            var signature = new StringBuilder();
            for (int i = 0; i < model.Parameters.Count; i++)
            {
                ParameterModel p = model.Parameters[i];
                signature.Append(i == 0 ? string.Empty : ", ").Append(p.Prefix).Append(p.Type).Append(' ').Append(p.Name);
            }

            w.Line(GeneratedCode);
            w.Line($"{model.Modifiers} {model.ReturnType} {model.MethodName}({signature})");
            w.Open();

            // Prompt rendering.
            w.Line($"var __prompt = new global::System.Text.StringBuilder({model.PromptCapacity.ToString(CultureInfo.InvariantCulture)});");
            foreach (TemplateSegment segment in model.Segments)
            {
                if (segment.Literal is not null)
                {
                    w.Line($"__prompt.Append({Literal(segment.Literal)});");
                    continue;
                }

                ParameterModel p = model.Parameters[segment.ParameterIndex];
                string format = segment.Format is null ? "null" : Literal(segment.Format);
                w.Line(p.RenderKind switch
                {
                    ValueKind.String or ValueKind.Char => $"__prompt.Append({p.Name});",
                    ValueKind.Formattable => $"{Support}.AppendFormatted(__prompt, {p.Name}, {format});",
                    ValueKind.NullableFormattable => $"{Support}.AppendNullableFormatted(__prompt, {p.Name}, {format});",
                    ValueKind.Boolean => $"__prompt.Append({p.Name} ? \"true\" : \"false\");",
                    ValueKind.NullableBoolean => $"__prompt.Append({p.Name} is null ? \"\" : {p.Name}.GetValueOrDefault() ? \"true\" : \"false\");",
                    ValueKind.Sequence => $"{Support}.AppendLines(__prompt, {p.Name});",
                    _ => $"{Support}.AppendValue(__prompt, {p.Name});",
                });
            }

            if (model.OutputInstruction.Length > 0)
            {
                w.Line($"__prompt.Append({helper}.OutputInstruction);");
            }

            // Cache key (also the arguments a distilled function's captures record).
            if (model.Cache is not null || model.Distill is not null)
            {
                w.Line("var __key = new global::System.Text.StringBuilder();");
                foreach (ParameterModel p in model.Parameters)
                {
                    if (!p.InPrompt)
                    {
                        continue;
                    }

                    string name = Literal(p.Name.TrimStart('@'));
                    string format = p.KeyFormat is null ? "null" : Literal(p.KeyFormat);
                    w.Line(p.KeyKind switch
                    {
                        ValueKind.String => $"{Support}.AppendKey(__key, {name}, {p.Name});",
                        ValueKind.Formattable => $"{Support}.AppendFormattableKey(__key, {name}, {p.Name}, {format});",
                        ValueKind.NullableFormattable => $"{Support}.AppendNullableKey(__key, {name}, {p.Name}, {format});",
                        ValueKind.Boolean => $"{Support}.AppendKey(__key, {name}, {p.Name} ? \"true\" : \"false\");",
                        ValueKind.NullableBoolean => $"{Support}.AppendKey(__key, {name}, {p.Name} is null ? null : {p.Name}.GetValueOrDefault() ? \"true\" : \"false\");",
                        ValueKind.Char => $"{Support}.AppendKey(__key, {name}, {p.Name}.ToString());",
                        ValueKind.NullableChar => $"{Support}.AppendKey(__key, {name}, {p.Name}?.ToString());",
                        _ => $"// '{p.Name}' is not part of the key.",
                    });
                }
            }

            string promptText = "__prompt.ToString()";
            if (model.Distill is { InputParameter: null })
            {
                w.Line("string __promptText = __prompt.ToString();");
                promptText = "__promptText";
            }

            // Request.
            w.Line("var __request = new global::LlmLint.LlmFunctionRequest");
            w.Open();
            w.Line($"FunctionId = {helper}.FunctionId,");
            w.Line($"TemplateHash = {helper}.TemplateHash,");
            w.Line($"Messages = new {Ai}.ChatMessage[]");
            w.Open();
            if (model.SystemPrompt is not null)
            {
                w.Line($"new {Ai}.ChatMessage({Ai}.ChatRole.System, {helper}.SystemPrompt),");
            }

            w.Line($"new {Ai}.ChatMessage({Ai}.ChatRole.User, {promptText}),");
            w.Close("},");
            w.Line($"Tier = {TierName(model.Tiers[0])},");
            if (model.IsCascade)
            {
                w.Line($"CascadeTiers = {helper}.CascadeTiers,");
            }

            if (model.Cache is not null)
            {
                w.Line($"Cache = {helper}.CachePolicy,");
                w.Line("CacheKey = __key.ToString(),");
                if (model.SemanticKeyParameter is not null)
                {
                    w.Line($"SemanticKeyText = {model.SemanticKeyParameter},");
                }
            }

            if (model.Distill is { } distill)
            {
                w.Line($"Distillation = {helper}.DistillationPolicy,");
                w.Line($"DistillationInput = {distill.InputParameter ?? promptText},");
                if (model.Cache is null)
                {
                    w.Line("Arguments = __key.ToString(),"); // a cached function's CacheKey holds the same arguments
                }
            }

            if (model.Result.Schema is not null)
            {
                w.Line($"ResponseFormat = {helper}.ResponseFormat,");
            }

            if (model.MaxOutputTokens > 0)
            {
                w.Line($"MaxOutputTokens = {model.MaxOutputTokens.ToString(CultureInfo.InvariantCulture)},");
            }

            if (model.Temperature is not null)
            {
                w.Line($"Temperature = {model.Temperature},");
            }

            if (model.Batch)
            {
                w.Line("Batch = true,");
            }

            w.Close("};");

            switch (model.ReturnKind)
            {
                case ReturnKind.AsyncEnumerable:
                    w.Line($"return {model.RuntimeAccess}.StreamAsync(__request, {model.CancellationTokenExpression});");
                    break;
                case ReturnKind.ValueTask:
                    w.Line($"return new global::System.Threading.Tasks.ValueTask<{model.ResultType}>({model.RuntimeAccess}.InvokeAsync<{model.ResultType}>(__request, {helper}.Parse, {model.CancellationTokenExpression}));");
                    break;
                default:
                    w.Line($"return {model.RuntimeAccess}.InvokeAsync<{model.ResultType}>(__request, {helper}.Parse, {model.CancellationTokenExpression});");
                    break;
            }

            w.Close();
        }

        private static void WriteHelperClass(IndentedWriter w, LlmFunctionModel model)
        {
            w.Line($"/// <summary>Constants and the answer parser of the LLM function <c>{model.MethodName}</c>.</summary>");
            w.Line(GeneratedCode);
            w.Line("[global::System.ComponentModel.EditorBrowsable(global::System.ComponentModel.EditorBrowsableState.Never)]");
            w.Line($"private static class {model.HelperClassName}");
            w.Open();
            w.Line($"public const string FunctionId = {Literal(model.FunctionId)};");
            w.Line();
            w.Line("/// <summary>FNV-1a hash of the template, system prompt, output instruction and schema; a change invalidates cached answers.</summary>");
            w.Line($"public const string TemplateHash = {Literal(model.TemplateHash)};");
            if (model.SystemPrompt is not null)
            {
                w.Line();
                w.Line($"public const string SystemPrompt = {Literal(model.SystemPrompt)};");
            }

            if (model.OutputInstruction.Length > 0)
            {
                w.Line();
                w.Line($"public const string OutputInstruction = {Literal(model.OutputInstruction)};");
            }

            if (model.IsCascade)
            {
                w.Line();
                var tiers = new StringBuilder();
                for (int i = 0; i < model.Tiers.Count; i++)
                {
                    tiers.Append(i == 0 ? string.Empty : ", ").Append(TierName(model.Tiers[i]));
                }

                w.Line($"public static readonly global::System.Collections.Generic.IReadOnlyList<global::LlmLint.Tier> CascadeTiers = global::System.Array.AsReadOnly(new global::LlmLint.Tier[] {{ {tiers} }});");
            }

            if (model.Cache is { } cache)
            {
                w.Line();
                string ttl = cache.TtlTicks is { } ticks ? $", Ttl = global::System.TimeSpan.FromTicks({ticks.ToString(CultureInfo.InvariantCulture)}L)" : string.Empty;
                w.Line($"public static readonly global::LlmLint.LlmCachePolicy CachePolicy = new global::LlmLint.LlmCachePolicy {{ Semantic = {(cache.Semantic ? "true" : "false")}, Threshold = {cache.Threshold}{ttl} }};");
            }

            if (model.Distill is { } policy)
            {
                var members = new StringBuilder();
                if (policy.Target is not null)
                {
                    members.Append(" TargetAgreement = ").Append(policy.Target).Append(',');
                }

                if (policy.ShadowRate is not null)
                {
                    members.Append(" ShadowRate = ").Append(policy.ShadowRate).Append(',');
                }

                members.Append(" AnswerLocally = ").Append(policy.AnswerLocally ? "true" : "false").Append(' ');
                w.Line();
                w.Line($"public static readonly global::LlmLint.Distillation.LlmDistillationPolicy DistillationPolicy = new global::LlmLint.Distillation.LlmDistillationPolicy {{{members}}};");
            }

            if (model.Result.Schema is not null)
            {
                w.Line();
                w.Line($"public const string Schema = {Literal(model.Result.Schema)};");
                w.Line();
                w.Line($"public static readonly {Ai}.ChatResponseFormat ResponseFormat = {Support}.JsonSchemaFormat(Schema, {Literal(model.Result.SchemaName ?? "Result")});");
            }

            if (model.ReturnKind != ReturnKind.AsyncEnumerable)
            {
                w.Line();
                WriteParse(w, model);
                for (int i = 0; i < model.Result.Objects.Count; i++)
                {
                    w.Line();
                    WriteObjectReader(w, model.Result, i);
                }

                for (int i = 0; i < model.Result.Enums.Count; i++)
                {
                    w.Line();
                    WriteEnumParser(w, model.Result.Enums[i], i);
                }
            }

            w.Close();
        }

        private static void WriteParse(IndentedWriter w, LlmFunctionModel model)
        {
            ResultModel result = model.Result;
            ShapeModel shape = result.Shape;
            w.Line($"public static bool Parse(string text, [global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out {model.ResultType} value, out string? error)");
            w.Open();
            switch (shape.Kind)
            {
                case ShapeKind.String:
                    w.Line("string __text = text is null ? string.Empty : text.Trim();");
                    if (!shape.IsNullable)
                    {
                        w.Line("if (__text.Length == 0)");
                        w.Open();
                        Fail(w, "\"the answer is empty\"");
                        w.Close();
                    }

                    w.Line("value = __text;");
                    w.Line("error = null;");
                    w.Line("return true;");
                    break;
                case ShapeKind.Enum:
                    EnumModel e = result.Enums[shape.ReferenceIndex];
                    w.Line($"if (TryParseEnum{shape.ReferenceIndex}({Support}.NormalizeChoice(text), out {shape.Type} __value))");
                    w.Open();
                    w.Line("value = __value;");
                    w.Line("error = null;");
                    w.Line("return true;");
                    w.Close();
                    w.Line();
                    Fail(w, Literal("the answer is not one of: " + string.Join(", ", e.Members)));
                    break;
                case ShapeKind.Object:
                    OpenJsonDocument(w);
                    w.Line($"if (TryReadObject{shape.ReferenceIndex}(__document.RootElement, out var __value, out error))");
                    w.Open();
                    w.Line("value = __value;");
                    w.Line("return true;");
                    w.Close();
                    w.Line();
                    w.Line("value = default!;");
                    w.Line("return false;");
                    w.Close();
                    break;
                case ShapeKind.List:
                    OpenJsonDocument(w);
                    w.Line($"{Json}.JsonElement __items = __document.RootElement;");
                    w.Line($"if (__items.ValueKind == {Json}.JsonValueKind.Object && !{Support}.TryGetProperty(__items, \"items\", out __items))");
                    w.Open();
                    Fail(w, "\"the answer has no 'items' array\"");
                    w.Close();
                    w.Line();
                    int counter = 0;
                    WriteRead(w, result, shape with { IsNullable = false }, "__items", "__result", "items", ref counter);
                    w.Line();
                    w.Line("value = __result;");
                    w.Line("error = null;");
                    w.Line("return true;");
                    w.Close();
                    break;
                default:
                    string method = shape.Kind switch
                    {
                        ShapeKind.Boolean => "TryParseBoolean",
                        ShapeKind.Int32 => "TryParseInt32",
                        ShapeKind.Int64 => "TryParseInt64",
                        ShapeKind.Single => "TryParseSingle",
                        ShapeKind.Double => "TryParseDouble",
                        _ => "TryParseDecimal",
                    };
                    string expected = shape.Kind == ShapeKind.Boolean ? "true or false" : shape.Kind is ShapeKind.Int32 or ShapeKind.Int64 ? "a whole number" : "a number";
                    w.Line($"if ({Support}.{method}(text, out {shape.Type} __value))");
                    w.Open();
                    w.Line("value = __value;");
                    w.Line("error = null;");
                    w.Line("return true;");
                    w.Close();
                    w.Line();
                    Fail(w, Literal("the answer is not " + expected));
                    break;
            }

            w.Close();
        }

        private static void WriteObjectReader(IndentedWriter w, ResultModel result, int index)
        {
            ObjectModel obj = result.Objects[index];
            w.Line($"private static bool TryReadObject{index}({Json}.JsonElement element, [global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out {obj.Type} value, out string? error)");
            w.Open();
            w.Line($"if (element.ValueKind != {Json}.JsonValueKind.Object)");
            w.Open();
            Fail(w, "\"expected a JSON object\"");
            w.Close();
            int counter = 0;
            for (int i = 0; i < obj.Members.Count; i++)
            {
                MemberModel member = obj.Members[i];
                w.Line();
                string json = $"__j{i}";
                w.Line($"if (!{Support}.TryGetProperty(element, {Literal(member.JsonName)}, out {Json}.JsonElement {json}))");
                w.Open();
                if (member.IsRequired)
                {
                    Fail(w, Literal($"the required property '{member.JsonName}' is missing"));
                }
                else
                {
                    w.Line($"{json} = default;");
                }

                w.Close();
                w.Line();
                WriteRead(w, result, member.Shape, json, $"__m{i}", member.JsonName, ref counter);
            }

            w.Line();
            var arguments = new StringBuilder();
            var initializers = new StringBuilder();
            for (int i = 0; i < obj.Members.Count; i++)
            {
                MemberModel member = obj.Members[i];
                if (member.ConstructorPosition >= 0)
                {
                    arguments.Append(arguments.Length == 0 ? string.Empty : ", ").Append("__m").Append(i);
                }
                else
                {
                    initializers.Append(initializers.Length == 0 ? " { " : ", ").Append(member.Name).Append(" = __m").Append(i);
                }
            }

            if (initializers.Length > 0)
            {
                initializers.Append(" }");
            }

            w.Line($"value = new {obj.Type}({arguments}){initializers};");
            w.Line("error = null;");
            w.Line("return true;");
            w.Close();
        }

        /// <summary>Writes statements that read <paramref name="json"/> into a new local <paramref name="target"/>, or fail.</summary>
        private static void WriteRead(IndentedWriter w, ResultModel result, ShapeModel shape, string json, string target, string path, ref int counter)
        {
            string type = shape.IsNullable ? shape.Type + "?" : shape.Type;
            w.Line($"{type} {target};");
            w.Line($"if ({Support}.IsNull({json}))");
            w.Open();
            if (shape.IsNullable)
            {
                w.Line($"{target} = null;");
            }
            else
            {
                Fail(w, Literal($"the required property '{path}' is null"));
            }

            w.Close();
            w.Line("else");
            w.Open();
            int n = counter++;
            switch (shape.Kind)
            {
                case ShapeKind.String:
                case ShapeKind.Boolean:
                case ShapeKind.Int32:
                case ShapeKind.Int64:
                case ShapeKind.Single:
                case ShapeKind.Double:
                case ShapeKind.Decimal:
                    string reader = "TryRead" + shape.Kind.ToString();
                    string expected = shape.Kind switch
                    {
                        ShapeKind.String => "a string",
                        ShapeKind.Boolean => "true or false",
                        ShapeKind.Int32 or ShapeKind.Int64 => "a whole number",
                        _ => "a number",
                    };
                    w.Line($"if (!{Support}.{reader}({json}, out {shape.Type} __v{n}))");
                    w.Open();
                    Fail(w, Literal($"the property '{path}' is not {expected}"));
                    w.Close();
                    w.Line();
                    w.Line($"{target} = __v{n};");
                    break;
                case ShapeKind.Enum:
                    EnumModel e = result.Enums[shape.ReferenceIndex];
                    w.Line($"if ({json}.ValueKind != {Json}.JsonValueKind.String || !TryParseEnum{shape.ReferenceIndex}({json}.GetString(), out {shape.Type} __v{n}))");
                    w.Open();
                    Fail(w, Literal($"the property '{path}' is not one of: " + string.Join(", ", e.Members)));
                    w.Close();
                    w.Line();
                    w.Line($"{target} = __v{n};");
                    break;
                case ShapeKind.Object:
                    w.Line($"if (!TryReadObject{shape.ReferenceIndex}({json}, out var __v{n}, out string? __e{n}))");
                    w.Open();
                    w.Line("value = default!;");
                    w.Line($"error = {Literal($"the property '{path}' is not valid: ")} + __e{n};");
                    w.Line("return false;");
                    w.Close();
                    w.Line();
                    w.Line($"{target} = __v{n};");
                    break;
                case ShapeKind.List:
                    ShapeModel element = shape.Element!;
                    string elementType = element.IsNullable ? element.Type + "?" : element.Type;
                    w.Line($"if ({json}.ValueKind != {Json}.JsonValueKind.Array)");
                    w.Open();
                    Fail(w, Literal($"the property '{path}' is not an array"));
                    w.Close();
                    w.Line();
                    w.Line($"var __list{n} = new global::System.Collections.Generic.List<{elementType}>({json}.GetArrayLength());");
                    w.Line($"foreach ({Json}.JsonElement __item{n} in {json}.EnumerateArray())");
                    w.Open();
                    WriteRead(w, result, element, $"__item{n}", $"__element{n}", path + "[]", ref counter);
                    w.Line();
                    w.Line($"__list{n}.Add(__element{n});");
                    w.Close();
                    w.Line();
                    w.Line(shape.IsArray ? $"{target} = __list{n}.ToArray();" : $"{target} = __list{n};");
                    break;
            }

            w.Close();
        }

        private static void WriteEnumParser(IndentedWriter w, EnumModel model, int index)
        {
            w.Line($"private static bool TryParseEnum{index}(string? text, out {model.Type} value)");
            w.Open();
            foreach (string member in model.Members)
            {
                w.Line($"if ({Support}.ChoiceEquals(text, {Literal(member)}))");
                w.Open();
                w.Line($"value = {model.Type}.{Parser.Escape(member)};");
                w.Line("return true;");
                w.Close();
                w.Line();
            }

            w.Line("value = default;");
            w.Line("return false;");
            w.Close();
        }

        /// <summary>Parses the answer text as JSON into <c>__document</c> (returning false with the parse error when it is not) and opens its <c>using</c> block.</summary>
        private static void OpenJsonDocument(IndentedWriter w)
        {
            w.Line($"if (!{Support}.TryParseJson(text, out {Json}.JsonDocument? __document, out error))");
            w.Open();
            w.Line("value = default!;");
            w.Line("return false;");
            w.Close();
            w.Line();
            w.Line("using (__document)");
            w.Open();
        }

        private static void Fail(IndentedWriter w, string errorExpression)
        {
            w.Line("value = default!;");
            w.Line($"error = {errorExpression};");
            w.Line("return false;");
        }

        private static string TierName(int tier) => tier switch
        {
            0 => "global::LlmLint.Tier.Small",
            1 => "global::LlmLint.Tier.Medium",
            2 => "global::LlmLint.Tier.Large",
            3 => "global::LlmLint.Tier.Frontier",
            _ => $"(global::LlmLint.Tier){tier.ToString(CultureInfo.InvariantCulture)}",
        };

        private static string Literal(string text) => SymbolDisplay.FormatLiteral(text, quote: true);
    }
}
