namespace LlmLint.SemanticCache.Calibration;

/// <summary>
/// The saved outcomes of a <see cref="ThresholdCalibrator"/> (from <see cref="ThresholdCalibrator.ExportState"/>), to carry
/// calibration across restarts: serialise it with System.Text.Json and give it to <see cref="ThresholdCalibrator.ImportState"/>.
/// It holds tenants, function ids, tiers and counts, no prompts or answers.
/// </summary>
/// <param name="Scopes">The outcomes of each scope.</param>
public sealed record CalibrationState(IReadOnlyList<CalibrationScopeState> Scopes);

/// <summary>The outcomes of one tenant, function and tier, by similarity bucket (100 buckets of 0.005 from 0.5).</summary>
/// <param name="Tenant">The tenant.</param>
/// <param name="Function">The function id (without the partition's context hash).</param>
/// <param name="Tier">The tier.</param>
/// <param name="Wrong">The wrong outcomes per bucket.</param>
/// <param name="Total">All outcomes per bucket.</param>
public sealed record CalibrationScopeState(string Tenant, string Function, string Tier, IReadOnlyList<long> Wrong, IReadOnlyList<long> Total);
