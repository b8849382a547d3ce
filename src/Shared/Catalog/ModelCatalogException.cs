#nullable enable

using System;

namespace LlmLint.Catalog
{
    /// <summary>
    /// A model catalog (built-in <c>models.json</c> or a user <c>llmlint.models.json</c>) is malformed.
    /// The message names the source, the model (index and id) and the field at fault.
    /// </summary>
    internal sealed class ModelCatalogException : Exception
    {
        public ModelCatalogException(string message)
            : base(message)
        {
        }

        public ModelCatalogException(string message, Exception innerException)
            : base(message, innerException)
        {
        }

        public ModelCatalogException(string message, string sourceName, int? modelIndex, string? modelId, string? field, int line = 0, int column = 0)
            : base(message)
        {
            SourceName = sourceName;
            ModelIndex = modelIndex;
            ModelId = modelId;
            Field = field;
            Line = line;
            Column = column;
        }

        /// <summary>File or resource name the catalog was read from.</summary>
        public string? SourceName { get; }

        /// <summary>Zero-based index into the <c>models</c> array, when the problem is in one entry.</summary>
        public int? ModelIndex { get; }

        /// <summary>The entry's <c>id</c>, when known.</summary>
        public string? ModelId { get; }

        /// <summary>The JSON field at fault, when the problem is in one field.</summary>
        public string? Field { get; }

        /// <summary>1-based line in the source, or 0 when unknown.</summary>
        public int Line { get; }

        /// <summary>1-based column in the source, or 0 when unknown.</summary>
        public int Column { get; }
    }
}
