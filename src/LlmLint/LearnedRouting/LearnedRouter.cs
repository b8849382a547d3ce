using System.Buffers;
using System.Threading.Tasks;
using LlmLint.Routing;

namespace LlmLint.LearnedRouting;

/// <summary>
/// Routes a chat request to <see cref="StrongTier"/> when the predictor's expected quality gap (strong − weak) for
/// the last user message reaches <see cref="Threshold"/>, otherwise to <see cref="WeakTier"/>.
/// It is an <see cref="IRouter"/>: pass it to <c>UseTierRouting</c> or register it (<c>AddLlmLint(b =&gt; b.UseRouter(router))</c>);
/// an explicit <see cref="LlmLintPropertyKeys.Tier"/> still wins in <see cref="TierRoutingChatClient"/>.
/// With groups (for example <see cref="GroupLogisticRoutePredictor"/> trained per function), the request's group is
/// its <see cref="LlmLintPropertyKeys.FunctionId"/> and the feature is <see cref="RouteFeatures"/>' embedding + one-hot
/// group; a function the router was not trained on gets an all-zero group block (the shared weights decide).
/// </summary>
/// <remarks>Thread-safe when the embedder is. The decision excluding the embedding is O(rows·dims) for kNN and O(dims) for logistic regression.</remarks>
public sealed class LearnedRouter : IRouter
{
    private readonly ILearnedRoutePredictor _predictor;
    private readonly BatchEmbedder _embedder;
    private readonly Dictionary<string, int>? _groups;
    private readonly float _groupWeight;

    /// <summary>Creates a router.</summary>
    public LearnedRouter(ILearnedRoutePredictor predictor, BatchEmbedder embedder, double threshold, Tier weakTier = Tier.Small, Tier strongTier = Tier.Large)
    {
        _predictor = predictor ?? throw new ArgumentNullException(nameof(predictor));
        _embedder = embedder ?? throw new ArgumentNullException(nameof(embedder));
        if (double.IsNaN(threshold))
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), threshold, "The threshold must be a number.");
        }

        Threshold = threshold;
        WeakTier = weakTier;
        StrongTier = strongTier;
    }

    /// <summary>Creates a router over an embedding generator (for example <see cref="Embeddings.LocalEmbeddingGenerator"/>).</summary>
    public LearnedRouter(ILearnedRoutePredictor predictor, IEmbeddingGenerator<string, Embedding<float>> generator, double threshold, Tier weakTier = Tier.Small, Tier strongTier = Tier.Large)
        : this(predictor, EmbedderRegistry.ToBatchEmbedder(generator ?? throw new ArgumentNullException(nameof(generator))), threshold, weakTier, strongTier)
    {
    }

    /// <summary>Creates a per-group router over an embedding generator (see the <see cref="BatchEmbedder"/> overload for the groups).</summary>
    public LearnedRouter(ILearnedRoutePredictor predictor, IEmbeddingGenerator<string, Embedding<float>> generator, double threshold, IReadOnlyList<string> groups, float groupWeight = 1f, Tier weakTier = Tier.Small, Tier strongTier = Tier.Large)
        : this(predictor, EmbedderRegistry.ToBatchEmbedder(generator ?? throw new ArgumentNullException(nameof(generator))), threshold, groups, groupWeight, weakTier, strongTier)
    {
    }

    /// <summary>
    /// Creates a router whose predictor reads the embedding followed by a one-hot block over <paramref name="groups"/>
    /// (in that order, as in training), built with <paramref name="groupWeight"/>.
    /// </summary>
    public LearnedRouter(ILearnedRoutePredictor predictor, BatchEmbedder embedder, double threshold, IReadOnlyList<string> groups, float groupWeight = 1f, Tier weakTier = Tier.Small, Tier strongTier = Tier.Large)
        : this(predictor, embedder, threshold, weakTier, strongTier)
    {
        if (groups is null)
        {
            throw new ArgumentNullException(nameof(groups));
        }

        if (groups.Count == 0 || groups.Count >= predictor.Dimensions)
        {
            throw new ArgumentException($"There are {groups.Count} groups for a predictor of {predictor.Dimensions} values; the group block must be shorter than the feature vector and not empty.", nameof(groups));
        }

        if (predictor is GroupLogisticRoutePredictor grouped && grouped.GroupCount != groups.Count)
        {
            throw new ArgumentException($"The predictor was trained with {grouped.GroupCount} groups; {groups.Count} group names were given.", nameof(groups));
        }

        if (!(groupWeight >= 0) || float.IsInfinity(groupWeight))
        {
            throw new ArgumentOutOfRangeException(nameof(groupWeight), groupWeight, "The group weight must be finite and not negative.");
        }

        _groups = new Dictionary<string, int>(groups.Count, StringComparer.Ordinal);
        for (int i = 0; i < groups.Count; i++)
        {
            if (groups[i] is null || !_groups.TryAdd(groups[i], i))
            {
                throw new ArgumentException($"Group {i} is null or repeats an earlier name ('{groups[i]}').", nameof(groups));
            }
        }

        _groupWeight = groupWeight;
    }

    /// <summary>Gets the calibrated threshold on the predicted quality gap.</summary>
    public double Threshold { get; }

    /// <summary>Gets the tier used when the weak answer is expected to be good enough.</summary>
    public Tier WeakTier { get; }

    /// <summary>Gets the tier used otherwise.</summary>
    public Tier StrongTier { get; }

    /// <summary>Decides from an already computed feature vector.</summary>
    public Tier Route(ReadOnlySpan<float> features) => _predictor.PredictQualityGap(features) >= Threshold ? StrongTier : WeakTier;

    /// <summary>Embeds the last user message and decides the tier.</summary>
    public async ValueTask<Tier> RouteAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        if (messages is null)
        {
            throw new ArgumentNullException(nameof(messages));
        }

        string? text = null;
        foreach (ChatMessage message in messages)
        {
            if (message.Role == ChatRole.User)
            {
                text = message.Text;
            }
        }

        if (string.IsNullOrEmpty(text))
        {
            return StrongTier;
        }

        float[][] rows = await _embedder(new[] { text! }, cancellationToken);
        int groupCount = _groups?.Count ?? 0;
        if (rows.Length != 1 || rows[0].Length + groupCount != _predictor.Dimensions)
        {
            throw new InvalidOperationException($"The embedder returned a vector of the wrong shape; the predictor expects {_predictor.Dimensions - groupCount} embedding values.");
        }

        if (_groups is null)
        {
            return Route(rows[0]);
        }

        int group = -1;
        if (options?.AdditionalProperties is { } properties && properties.TryGetValue(LlmLintPropertyKeys.FunctionId, out object? function) && function is string name)
        {
            group = _groups.TryGetValue(name, out int index) ? index : -1;
        }

        float[] rented = ArrayPool<float>.Shared.Rent(_predictor.Dimensions);
        try
        {
            Span<float> feature = rented.AsSpan(0, _predictor.Dimensions);
            RouteFeatures.Write(rows[0], group, groupCount, _groupWeight, feature);
            return Route(feature);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }
}
