namespace LlmLint.SemanticCache;

/// <summary>
/// Modal force: an obligation (must, need, required), advice (should, recommended) and a permission or possibility (can,
/// may, allowed) ask different things. "Must I register my drone?" is not "Should I register my drone?"; "Am I allowed to
/// sublet?" is not "Am I required to sublet?". Compared in yes-no questions only (both texts open with an auxiliary or
/// modal), and only when the two texts have the same content words otherwise: in "What should I do…" / "What can I do…" or
/// "When should I expect…" / "When can I expect…" the modal does not change what is asked.
/// </summary>
public sealed class ModalityGuard : WordListGuard
{
    /// <summary>Initializes a new instance of the <see cref="ModalityGuard"/> class.</summary>
    public ModalityGuard()
        : base("must need needs needed required require requires mandatory obligatory compulsory obliged|"
            + "should ought recommended advisable advised|"
            + "can could may might allowed permitted possible able optional")
    {
    }

    /// <inheritdoc/>
    public override string Name => "modality";

    /// <inheritdoc/>
    protected override double RequiredOverlap => 1.0;

    /// <inheritdoc/>
    protected override void Collect(MeaningText text, ISet<string> members)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.IsYesNoQuestion)
        {
            base.Collect(text, members);
        }
    }
}
