namespace LlmLint;

/// <summary>
/// A model size class. Each tier maps to one <see cref="Microsoft.Extensions.AI.IChatClient"/> registered with the runtime,
/// and the model catalog assigns every known model id a tier.
/// </summary>
public enum Tier
{
    /// <summary>Cheap, fast models for classification, extraction and short answers (gpt-4o-mini, claude-haiku-4-5, local models).</summary>
    Small = 0,

    /// <summary>Mid-priced general models.</summary>
    Medium = 1,

    /// <summary>Strong general models (gpt-4o, claude-sonnet-4-6).</summary>
    Large = 2,

    /// <summary>The most capable and most expensive models (gpt-5, o3, claude-opus-4-8).</summary>
    Frontier = 3,
}
