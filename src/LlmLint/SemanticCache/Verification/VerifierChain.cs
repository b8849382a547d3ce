using System.Threading.Tasks;

namespace LlmLint.SemanticCache.Verification;

/// <summary>
/// Runs verifiers in order and rejects a candidate at the first rejection: cheap guards first, then costlier verifiers
/// (a judge model, a user's service) only on what the guards accepted. Set it as <see cref="SemanticCacheOptions.Verifier"/>,
/// for example <c>new VerifierChain(options.Verifier, judge)</c> to keep the built-in guards in front of a judge.
/// </summary>
/// <remarks>Thread-safe when its verifiers are.</remarks>
public sealed class VerifierChain : IHitVerifier
{
    private readonly IHitVerifier[] _stages;

    /// <summary>Initializes a new instance of the <see cref="VerifierChain"/> class.</summary>
    /// <param name="stages">The verifiers, in order; <see langword="null"/> entries are skipped (a guard that is off).</param>
    public VerifierChain(params IHitVerifier?[] stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        _stages = Array.FindAll(stages, s => s is not null)!;
        if (_stages.Length == 0)
        {
            throw new ArgumentException("A verifier chain needs at least one verifier.", nameof(stages));
        }
    }

    /// <inheritdoc/>
    public HitVerification Verify(string query, string candidate, float similarity)
    {
        HitVerification last = default;
        foreach (IHitVerifier stage in _stages)
        {
            last = stage.Verify(query, candidate, similarity);
            if (last.Verdict == GuardVerdict.Rejected)
            {
                return last;
            }
        }

        return last;
    }

    /// <inheritdoc/>
    public async ValueTask<HitVerification> VerifyAsync(string query, string candidate, float similarity, CancellationToken cancellationToken)
    {
        HitVerification last = default;
        foreach (IHitVerifier stage in _stages)
        {
            last = await stage.VerifyAsync(query, candidate, similarity, cancellationToken);
            if (last.Verdict == GuardVerdict.Rejected)
            {
                return last;
            }
        }

        return last;
    }

    /// <inheritdoc/>
    public void Observe(string keyText)
    {
        foreach (IHitVerifier stage in _stages)
        {
            stage.Observe(keyText);
        }
    }
}
