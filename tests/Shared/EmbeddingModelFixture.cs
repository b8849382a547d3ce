using System.Collections.Generic;
using LlmLint.Embeddings;

namespace LlmLint.Testing;

/// <summary>Loads the model once for all embedding tests, and the reference outputs.</summary>
public sealed class EmbeddingModelFixture
{
    public EmbeddingModelFixture()
    {
        ModelDirectory = EmbeddingModelLocator.Locate();
        Generator = LocalEmbeddingGenerator.FromDirectory(ModelDirectory);
        Reference = UseLiteReference.Load();
    }

    public string ModelDirectory { get; }

    public LocalEmbeddingGenerator Generator { get; }

    public IReadOnlyList<ReferenceItem> Reference { get; }
}

[CollectionDefinition(Name)]
public sealed class EmbeddingCollection : ICollectionFixture<EmbeddingModelFixture>
{
    public const string Name = "Embedding model";
}
