namespace LlmLint.Cli.Tests;

/// <summary>
/// Tests that scan the samples: each scan builds the sample, and both samples reference <c>src/LlmLint.Analyzers</c>,
/// whose Debug output a rebuild replaces, so two scans at once would read it half-written. They run one at a time.
/// </summary>
[CollectionDefinition(Name)]
public sealed class SampleBuildsCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Sample builds";
}
