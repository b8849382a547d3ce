using System;

namespace LlmLint.Analyzers.Tests.Infrastructure;

/// <summary>Which real SDK assemblies a test compilation references (each with the assemblies it depends on).</summary>
[Flags]
public enum Sdks
{
    None = 0,

    /// <summary>Microsoft.Extensions.AI 11: abstractions, ChatClientBuilder, caching, structured output and the OpenAI bridge.</summary>
    MicrosoftExtensionsAI = 1,

    /// <summary>OpenAI 2.15 (and System.ClientModel).</summary>
    OpenAI = 2,

    /// <summary>Anthropic 13.15.</summary>
    Anthropic = 4,

    /// <summary>Azure.AI.OpenAI 2.9.0-beta.1 (and Azure.Core).</summary>
    AzureOpenAI = 8,

    /// <summary>Microsoft.SemanticKernel 1.82 with its OpenAI and Azure OpenAI connectors.</summary>
    SemanticKernel = 16,

    /// <summary>
    /// Dependency injection, configuration (JSON, binder), options, memory/hybrid/distributed caching, hosting
    /// (BackgroundService) and ASP.NET Core (controllers, minimal API endpoints).
    /// </summary>
    Hosting = 32,

    /// <summary>The LlmLint runtime: <c>[Prompt]</c>, <c>[Cache]</c>, <c>UseLlmLintCache</c>.</summary>
    LlmLint = 64,

    All = MicrosoftExtensionsAI | OpenAI | Anthropic | AzureOpenAI | SemanticKernel | Hosting | LlmLint,
}
