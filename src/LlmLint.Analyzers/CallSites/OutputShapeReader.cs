using LlmLint.Analyzers.CallSites.Recognisers;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Reads the requested shape of the answer from a call's request: typed result, JSON and JSON-schema response
    /// formats, output token budget, temperature and the tools offered.
    /// </summary>
    internal static class OutputShapeReader
    {
        private static readonly string[] s_limitProperties = { "MaxOutputTokens", "MaxOutputTokenCount", "MaxTokens", "MaxCompletionTokens" };

        private static readonly string[] s_limitExtensionKeys = { "max_tokens", "max_completion_tokens", "max_output_tokens", "maxOutputTokens", "MaxTokens" };

        public static OutputShape Read(CallRequest request, string? toolEvidence, KnownTypes t, CancellationToken ct)
        {
            Dictionary<string, IOperation> props = request.Options;
            bool hasLimit = HasAny(props, s_limitProperties) || (props.TryGetValue("ExtensionData", out IOperation? ext) && NamesAnyKey(ext, s_limitExtensionKeys));

            int? maxTokens = null;
            foreach (string key in s_limitProperties)
            {
                if (props.TryGetValue(key, out IOperation? v) && ValueResolver.FoldNumber(v, ct) is double d)
                {
                    maxTokens = (int)d;
                    break;
                }
            }

            double? temperature = props.TryGetValue("Temperature", out IOperation? tv) ? ValueResolver.FoldNumber(tv, ct) : null;
            var format = new ResponseFormatInfo();
            if (props.TryGetValue("ResponseFormat", out IOperation? rf) || props.TryGetValue("TextOptions", out rf) || props.TryGetValue("OutputConfig", out rf))
            {
                ReadResponseFormat(rf, t, ct, format);
            }

            return new OutputShape(request.TypedResult, format.WantsJson, format.SchemaType, format.SchemaFields, maxTokens, temperature, toolEvidence != null,
                format.SchemaLiteral, hasLimit, request.OptionsOpaque, toolEvidence);
        }

        private static bool HasAny(Dictionary<string, IOperation> props, string[] keys)
        {
            foreach (string key in keys)
            {
                if (props.ContainsKey(key))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool NamesAnyKey(IOperation value, string[] keys)
        {
            foreach (IOperation d in value.DescendantsAndSelf())
            {
                if (d.ConstantValue.HasValue && d.ConstantValue.Value is string key && Array.IndexOf(keys, key) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class ResponseFormatInfo
        {
            public bool WantsJson;
            public ITypeSymbol? SchemaType;
            public int? SchemaFields;
            public string? SchemaLiteral;
        }

        private static void ReadResponseFormat(IOperation rf, KnownTypes t, CancellationToken ct, ResponseFormatInfo info)
        {
            foreach (IOperation d in rf.DescendantsAndSelf())
            {
                switch (d)
                {
                    case IInvocationOperation f:
                        ReadFormatFactory(f, ct, info);
                        break;
                    case IPropertyReferenceOperation p when p.Property.Name == "Json" && KnownTypes.Is(p.Property.ContainingType, t.ChatResponseFormat):
                        info.WantsJson = true;
                        break;
                    case ITypeOfOperation typeOf:
                        // Semantic Kernel: ResponseFormat = typeof(T) asks for a JSON schema built from T.
                        info.WantsJson = true;
                        info.SchemaType = typeOf.TypeOperand;
                        break;
                    case ILiteralOperation lit when lit.ConstantValue.Value is string s && s.IndexOf("json", StringComparison.OrdinalIgnoreCase) >= 0:
                        // Semantic Kernel: ResponseFormat = "json_object".
                        info.WantsJson = true;
                        break;
                }
            }
        }

        private static void ReadFormatFactory(IInvocationOperation f, CancellationToken ct, ResponseFormatInfo info)
        {
            string n = f.TargetMethod.Name;
            if (n.IndexOf("Json", StringComparison.Ordinal) >= 0)
            {
                info.WantsJson = true;
            }

            if (n.IndexOf("Schema", StringComparison.Ordinal) < 0)
            {
                return;
            }

            if (f.TargetMethod.IsGenericMethod && f.TargetMethod.TypeArguments.Length == 1)
            {
                info.SchemaType = f.TargetMethod.TypeArguments[0];
            }

            foreach (IArgumentOperation a in f.Arguments)
            {
                FoldedString? s = FoldSchema(a.Value, ct);
                if (s != null && s.IsConstant && s.Text.IndexOf("\"properties\"", StringComparison.Ordinal) >= 0)
                {
                    info.SchemaLiteral = s.Text;
                    info.SchemaFields = SchemaSupport.CountTopLevelProperties(s.Text);
                }
            }
        }

        private static FoldedString? FoldSchema(IOperation value, CancellationToken ct)
        {
            // BinaryData.FromString("...") / BinaryData.FromBytes("..."u8.ToArray()) / a string
            IOperation? v = ValueResolver.Trace(value, ct);
            if (v is IInvocationOperation inv)
            {
                foreach (IArgumentOperation a in inv.Arguments)
                {
                    FoldedString? f = ValueResolver.FoldString(a.Value, ct);
                    if (f != null)
                    {
                        return f;
                    }
                }

                return null;
            }

            return ValueResolver.FoldString(v, ct);
        }
    }
}
