using System.Text.Json.Serialization;

namespace LlmLint.Batching;

/// <summary>Source-generated JSON of what the batch queue stores.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(BatchRequest))]
[JsonSerializable(typeof(BatchResult))]
internal sealed partial class BatchJson : JsonSerializerContext
{
}
