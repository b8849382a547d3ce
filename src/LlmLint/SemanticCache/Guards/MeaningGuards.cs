namespace LlmLint.SemanticCache;

/// <summary>The meaning guards of the default verifier (see docs/semantic-cache.md for what each one catches).</summary>
public static class MeaningGuards
{
    /// <summary>Creates the default guards, in the order they run.</summary>
    /// <returns>A new list: antonyms, frame substitution, direction and roles, units, dates and times, scope, possessors, comparisons, opposite particles, question type, modality, tense, conditions, singular and plural, restricted scope, alternatives.</returns>
    public static IList<IMeaningGuard> CreateDefault() =>
    [
        new AntonymGuard(),
        new FrameSubstitutionGuard(),
        new RoleOrderGuard(),
        new UnitGuard(),
        new DateTimeGuard(),
        new ScopeGuard(),
        new PossessorGuard(),
        new ComparisonGuard(),
        new ParticleGuard(),
        new QuestionTypeGuard(),
        new ModalityGuard(),
        new TenseGuard(),
        new ConditionGuard(),
        new GrammaticalNumberGuard(),
        new RestrictedScopeGuard(),
        new AlternativesGuard(),
    ];
}
