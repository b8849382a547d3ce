namespace LlmLint.Analyzers.CallSites
{
    /// <summary>Why the same input to an LLM call plausibly recurs (LLM2003).</summary>
    internal enum HotPathEvidenceKind
    {
        /// <summary>The call runs once per item of a collection (a loop or a per-item lambda) in its own method.</summary>
        Loop,

        /// <summary>The method that makes the call is called once per item of a collection by another method.</summary>
        CallerLoop,

        /// <summary>The call runs in a background, periodic or scheduled job.</summary>
        BackgroundJob,

        /// <summary>The prompt has no variable part: every call sends the same input.</summary>
        ConstantPrompt,

        /// <summary>Every variable part of the prompt takes few values (enums, bools, values from a small set).</summary>
        LowCardinality,
    }

    /// <summary>One piece of evidence that the input of an LLM call recurs, with the wording the diagnostic quotes.</summary>
    internal sealed class HotPathEvidence
    {
        public HotPathEvidence(HotPathEvidenceKind kind, string description, bool isStrong)
        {
            Kind = kind;
            Description = description;
            IsStrong = isStrong;
        }

        public HotPathEvidenceKind Kind { get; }

        /// <summary>Completes "runs …" in the message, e.g. <c>in a foreach loop over 'tickets'</c>.</summary>
        public string Description { get; }

        /// <summary>Structural evidence of repetition (a loop, a job, a constant prompt); inferred evidence is not strong.</summary>
        public bool IsStrong { get; }
    }
}
