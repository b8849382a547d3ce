using System.Linq;

namespace LlmLint.Generators;

public sealed partial class LlmLintGenerator
{
    internal static partial class Parser
    {
        /// <summary>The JSON schema and output instruction a result shape is asked for with, and its output-token budget.</summary>
        private sealed partial class State
        {
            private void WriteSchema(StringBuilder writer, ShapeModel shape)
            {
                string Type(string json) => shape.IsNullable ? "[\"" + json + "\",\"null\"]" : "\"" + json + "\"";
                switch (shape.Kind)
                {
                    case ShapeKind.String: writer.Append("{\"type\":").Append(Type("string")).Append('}'); break;
                    case ShapeKind.Boolean: writer.Append("{\"type\":").Append(Type("boolean")).Append('}'); break;
                    case ShapeKind.Int32:
                    case ShapeKind.Int64: writer.Append("{\"type\":").Append(Type("integer")).Append('}'); break;
                    case ShapeKind.Single:
                    case ShapeKind.Double:
                    case ShapeKind.Decimal: writer.Append("{\"type\":").Append(Type("number")).Append('}'); break;
                    case ShapeKind.Enum:
                        writer.Append("{\"type\":").Append(Type("string")).Append(",\"enum\":[");
                        EnumModel model = enums[shape.ReferenceIndex];
                        for (int i = 0; i < model.Members.Count; i++)
                        {
                            writer.Append(i == 0 ? string.Empty : ",").Append(JsonString(model.Members[i]));
                        }

                        writer.Append(shape.IsNullable ? ",null]}" : "]}");
                        break;
                    case ShapeKind.List:
                        writer.Append("{\"type\":").Append(Type("array")).Append(",\"items\":");
                        WriteSchema(writer, shape.Element!);
                        writer.Append('}');
                        break;
                    case ShapeKind.Object:
                        if (shape.IsNullable)
                        {
                            writer.Append("{\"anyOf\":[");
                        }

                        ObjectModel obj = objects[shape.ReferenceIndex]!;
                        writer.Append("{\"type\":\"object\",\"properties\":{");
                        for (int i = 0; i < obj.Members.Count; i++)
                        {
                            writer.Append(i == 0 ? string.Empty : ",").Append(JsonString(obj.Members[i].JsonName)).Append(':');
                            WriteSchema(writer, obj.Members[i].Shape);
                        }

                        writer.Append("},\"required\":[");
                        for (int i = 0; i < obj.Members.Count; i++)
                        {
                            writer.Append(i == 0 ? string.Empty : ",").Append(JsonString(obj.Members[i].JsonName));
                        }

                        writer.Append("],\"additionalProperties\":false}");
                        if (shape.IsNullable)
                        {
                            writer.Append(",{\"type\":\"null\"}]}");
                        }

                        break;
                }
            }

            private string OutputInstruction(ResultModel result) => result.Shape.Kind switch
            {
                ShapeKind.Enum => "\n\nAnswer with exactly one of: " + string.Join(", ", enums[result.Shape.ReferenceIndex].Members) + ".",
                ShapeKind.Boolean => "\n\nAnswer with true or false.",
                ShapeKind.Int32 or ShapeKind.Int64 => "\n\nAnswer with a whole number only.",
                ShapeKind.Single or ShapeKind.Double or ShapeKind.Decimal => "\n\nAnswer with a number only.",
                _ => string.Empty,
            };

            private int ChooseMaxOutputTokens(ResultModel result) => result.Shape.Kind switch
            {
                ShapeKind.Enum => Math.Max(16, (enums[result.Shape.ReferenceIndex].Members.Max(m => m.Length) / 2) + 8),
                ShapeKind.Boolean or ShapeKind.Int32 or ShapeKind.Int64 or ShapeKind.Single or ShapeKind.Double or ShapeKind.Decimal => 16,
                _ => 0,
            };
        }
    }
}
