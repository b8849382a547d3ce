using System.Threading.Tasks;

namespace LlmLint.Cascade;

/// <summary>One stage of a cascade: a client, the model it calls, and the scorer and threshold that accept its answer.</summary>
public sealed class CascadeStage
{
    /// <summary>Initializes a new instance of the <see cref="CascadeStage"/> class.</summary>
    /// <param name="client">The client.</param>
    /// <param name="modelId">The model id (pricing, records).</param>
    /// <param name="tier">The tier, when the stage is a tier's client.</param>
    public CascadeStage(IChatClient client, string? modelId = null, Tier? tier = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        Client = client;
        ModelId = modelId;
        Tier = tier;
    }

    /// <summary>Gets the client.</summary>
    public IChatClient Client { get; }

    /// <summary>Gets the model id.</summary>
    public string? ModelId { get; }

    /// <summary>Gets the tier.</summary>
    public Tier? Tier { get; }

    /// <summary>Gets or sets the scorer; the cascade's <see cref="CascadeOptions.DefaultScorer"/> when <see langword="null"/>.</summary>
    public ICascadeScorer? Scorer { get; set; }

    /// <summary>Gets or sets the lowest score that accepts; the cascade's <see cref="CascadeOptions.DefaultThreshold"/> when <see langword="null"/>.</summary>
    public double? Threshold { get; set; }
}

/// <summary>What a scorer sees.</summary>
/// <param name="Messages">The request's messages.</param>
/// <param name="Options">The request's options (do not change them).</param>
/// <param name="Response">The stage's answer.</param>
/// <param name="StageIndex">The stage index.</param>
/// <param name="Stage">The stage (its client may be called again, for example to draw samples).</param>
public sealed record CascadeScoringContext(IEnumerable<ChatMessage> Messages, ChatOptions? Options, ChatResponse Response, int StageIndex, CascadeStage Stage);

/// <summary>Scores a stage's answer in [0, 1]; the cascade accepts it when the score reaches the stage's threshold. Implementations are thread-safe.</summary>
public interface ICascadeScorer
{
    /// <summary>Scores an answer.</summary>
    /// <param name="context">The answer and its request.</param>
    /// <param name="cancellationToken">The token to monitor for cancellation requests.</param>
    /// <returns>The score in [0, 1].</returns>
    ValueTask<double> ScoreAsync(CascadeScoringContext context, CancellationToken cancellationToken);
}

/// <summary>One decision of a cascade.</summary>
/// <param name="StageIndex">The stage index.</param>
/// <param name="Tier">The stage's tier.</param>
/// <param name="ModelId">The model that answered.</param>
/// <param name="Score">The score, or <see langword="null"/> when the stage faulted.</param>
/// <param name="Threshold">The stage's threshold.</param>
/// <param name="Accepted">Whether the answer was accepted.</param>
/// <param name="CostUsd">The stage's cost, or <see langword="null"/> when unknown.</param>
/// <param name="Fault">The fault message when the stage failed.</param>
/// <param name="Duration">How long the stage took, scoring included.</param>
public sealed record CascadeDecision(int StageIndex, Tier? Tier, string? ModelId, double? Score, double Threshold, bool Accepted, decimal? CostUsd, string? Fault, TimeSpan Duration);

/// <summary>What a cascade does when a stage throws, times out or is rate-limited.</summary>
public enum CascadeFaultBehavior
{
    /// <summary>Move to the next stage; throw <see cref="CascadeException"/> when the last stage faults.</summary>
    Escalate = 0,

    /// <summary>Throw <see cref="CascadeException"/> at once.</summary>
    Throw = 1,
}

/// <summary>A cascade could not produce an answer.</summary>
public sealed class CascadeException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="CascadeException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="decisions">The decisions made.</param>
    /// <param name="innerException">The last fault.</param>
    public CascadeException(string message, IReadOnlyList<CascadeDecision> decisions, Exception? innerException)
        : base(message, innerException)
    {
        Decisions = decisions;
    }

    /// <summary>Gets the decisions made before the cascade gave up.</summary>
    public IReadOnlyList<CascadeDecision> Decisions { get; }
}

/// <summary>Options of <see cref="CascadeChatClient"/>.</summary>
public sealed class CascadeOptions
{
    /// <summary>Gets or sets the scorer of stages that set none; <see langword="null"/> accepts every answer that is not refused or truncated.</summary>
    public ICascadeScorer? DefaultScorer { get; set; }

    /// <summary>Gets or sets the threshold of stages that set none.</summary>
    public double DefaultThreshold { get; set; } = 0.5;

    /// <summary>Gets or sets what a fault does.</summary>
    public CascadeFaultBehavior OnFault { get; set; } = CascadeFaultBehavior.Escalate;

    /// <summary>Gets or sets the time a stage may take before it counts as a fault; infinite when <see langword="null"/>.</summary>
    public TimeSpan? StageTimeout { get; set; }

    /// <summary>Gets or sets a value indicating whether the cascade throws when no stage accepts; otherwise the last answer is returned with <see cref="LlmLintPropertyKeys.Accepted"/> = <see langword="false"/>.</summary>
    public bool ThrowWhenNoneAccepted { get; set; }

    /// <summary>Gets or sets the observer of every decision.</summary>
    public Action<CascadeDecision>? OnDecision { get; set; }

    /// <summary>Gets or sets the prices used for decision costs when no inner metering client set one.</summary>
    public Metering.CostCalculator? Calculator { get; set; }

    /// <summary>Gets the stages added after the inner client by <see cref="CascadeChatClientBuilderExtensions.UseCascade"/>.</summary>
    public IList<CascadeStage> Stages { get; } = new List<CascadeStage>();

    /// <summary>Adds a stage.</summary>
    /// <param name="client">The client.</param>
    /// <param name="modelId">The model id.</param>
    /// <param name="scorer">The scorer.</param>
    /// <param name="threshold">The threshold.</param>
    /// <param name="tier">The tier.</param>
    /// <returns>These options.</returns>
    public CascadeOptions AddStage(IChatClient client, string? modelId = null, ICascadeScorer? scorer = null, double? threshold = null, Tier? tier = null)
    {
        Stages.Add(new CascadeStage(client, modelId, tier) { Scorer = scorer, Threshold = threshold });
        return this;
    }
}
