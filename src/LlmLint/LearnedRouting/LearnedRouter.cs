using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.AI;

namespace LlmLint.LearnedRouting;

/// <summary>
/// Routes a chat request to <see cref="StrongTier"/> when the predictor's expected quality gap (strong − weak) for
/// the last user message reaches <see cref="Threshold"/>, otherwise to <see cref="WeakTier"/>.
/// Its <see cref="RouteAsync"/> has the runtime router's shape so the host can expose it as its router.
/// </summary>
/// <remarks>Thread-safe when the embedder is. The decision excluding the embedding is O(rows·dims) for kNN and O(dims) for logistic regression.</remarks>
public sealed class LearnedRouter
{
    private readonly ILearnedRoutePredictor _predictor;
    private readonly BatchEmbedder _embedder;

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
        if (rows.Length != 1 || rows[0].Length != _predictor.Dimensions)
        {
            throw new InvalidOperationException($"The embedder returned a vector of the wrong shape; the predictor expects {_predictor.Dimensions} values.");
        }

        return Route(rows[0]);
    }
}
