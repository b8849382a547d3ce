#nullable enable

namespace LlmLint.Catalog
{
    /// <summary>Availability of a model at its provider.</summary>
    internal enum ModelStatus
    {
        /// <summary>Offered and recommended by the provider.</summary>
        Current,

        /// <summary>Still callable but superseded; expect deprecation.</summary>
        Legacy,

        /// <summary>No longer served (or scheduled for shutdown); has a <see cref="ModelInfo.Successor"/>.</summary>
        Retired,
    }
}
