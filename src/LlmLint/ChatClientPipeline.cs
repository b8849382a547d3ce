using System;
using System.Collections.Generic;
using Microsoft.Extensions.AI;

namespace LlmLint;

/// <summary>
/// Builds a pipeline of <see cref="IChatClient"/> stages around an inner client, with the shape of Microsoft.Extensions.AI's
/// <c>ChatClientBuilder</c> (which lives in the full Microsoft.Extensions.AI package): stages added first are outermost.
/// </summary>
/// <remarks>Not thread-safe while being configured; <see cref="Build"/> may be called more than once.</remarks>
public sealed class ChatClientPipeline
{
    private readonly Func<IServiceProvider, IChatClient> _innerClientFactory;
    private readonly List<Func<IChatClient, IServiceProvider, IChatClient>> _stages = new();

    /// <summary>Initializes a new instance of the <see cref="ChatClientPipeline"/> class.</summary>
    /// <param name="innerClient">The client the pipeline wraps.</param>
    public ChatClientPipeline(IChatClient innerClient)
    {
        ArgumentNullException.ThrowIfNull(innerClient);
        _innerClientFactory = _ => innerClient;
    }

    /// <summary>Initializes a new instance of the <see cref="ChatClientPipeline"/> class.</summary>
    /// <param name="innerClientFactory">Creates the client the pipeline wraps.</param>
    public ChatClientPipeline(Func<IServiceProvider, IChatClient> innerClientFactory)
    {
        ArgumentNullException.ThrowIfNull(innerClientFactory);
        _innerClientFactory = innerClientFactory;
    }

    /// <summary>Adds a stage.</summary>
    /// <param name="stageFactory">Wraps the next client.</param>
    /// <returns>This pipeline.</returns>
    public ChatClientPipeline Use(Func<IChatClient, IChatClient> stageFactory)
    {
        ArgumentNullException.ThrowIfNull(stageFactory);
        return Use((inner, _) => stageFactory(inner));
    }

    /// <summary>Adds a stage that may resolve services.</summary>
    /// <param name="stageFactory">Wraps the next client.</param>
    /// <returns>This pipeline.</returns>
    public ChatClientPipeline Use(Func<IChatClient, IServiceProvider, IChatClient> stageFactory)
    {
        ArgumentNullException.ThrowIfNull(stageFactory);
        _stages.Add(stageFactory);
        return this;
    }

    /// <summary>Builds the pipeline.</summary>
    /// <param name="services">The services stages resolve their dependencies from; an empty provider when <see langword="null"/>.</param>
    /// <returns>The outermost client.</returns>
    public IChatClient Build(IServiceProvider? services = null)
    {
        services ??= EmptyServiceProvider.Instance;
        IChatClient client = _innerClientFactory(services);
        for (int i = _stages.Count - 1; i >= 0; i--)
        {
            client = _stages[i](client, services) ?? throw new InvalidOperationException($"Pipeline stage {i} returned null; a stage must return a client.");
        }

        return client;
    }

    private sealed class EmptyServiceProvider : IServiceProvider
    {
        public static readonly EmptyServiceProvider Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}

/// <summary>Starts a <see cref="ChatClientPipeline"/> from a client.</summary>
public static class ChatClientPipelineExtensions
{
    /// <summary>Starts a pipeline around <paramref name="innerClient"/>.</summary>
    /// <param name="innerClient">The client to wrap.</param>
    /// <returns>The pipeline.</returns>
    public static ChatClientPipeline AsLlmLintPipeline(this IChatClient innerClient)
    {
        ArgumentNullException.ThrowIfNull(innerClient);
        return new ChatClientPipeline(innerClient);
    }
}
