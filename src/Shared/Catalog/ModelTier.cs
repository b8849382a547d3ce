#nullable enable

namespace LlmLint.Catalog
{
    /// <summary>
    /// Coarse capability/price class of a model. Within one provider, a higher tier
    /// never has a lower input+output price than a lower tier (among current models).
    /// </summary>
    internal enum ModelTier
    {
        Small = 0,
        Medium = 1,
        Large = 2,
        Frontier = 3,
    }
}
