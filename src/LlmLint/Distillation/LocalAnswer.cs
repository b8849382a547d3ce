namespace LlmLint.Distillation;

/// <summary>An answer the student gave locally, at no cost, instead of the teacher.</summary>
/// <param name="FunctionId">The function.</param>
/// <param name="Label">The answer.</param>
/// <param name="Confidence">The student's probability of the answer.</param>
/// <param name="Threshold">The confidence at or above which it answers.</param>
/// <param name="StudentVersion">The model version that answered.</param>
public sealed record LocalAnswer(string FunctionId, string Label, float Confidence, float Threshold, int StudentVersion)
{
    /// <summary>Gets the cost of the answer: none.</summary>
    public decimal CostUsd => 0m;
}

/// <summary>What a function's student is doing.</summary>
public enum StudentState
{
    /// <summary>No model: every call goes to the teacher.</summary>
    None = 0,

    /// <summary>Answers confident inputs locally.</summary>
    Active = 1,

    /// <summary>Shadow checks put its agreement below the target: every call goes to the teacher until a new model is installed.</summary>
    SwitchedOff = 2,

    /// <summary>The function's template changed since it was trained: every call goes to the teacher until a model of the new template is installed.</summary>
    Retired = 3,
}

/// <summary>The state of a function's student.</summary>
/// <param name="FunctionId">The function.</param>
/// <param name="State">The state.</param>
/// <param name="Version">The model version, 0 without a model.</param>
/// <param name="TemplateHash">The template hash the model belongs to.</param>
/// <param name="ShadowChecks">Shadow checks since the model was installed.</param>
/// <param name="LowerBound">The current 95% lower bound of its agreement with the teacher.</param>
public sealed record StudentStatus(string FunctionId, StudentState State, int Version, string? TemplateHash, long ShadowChecks, double LowerBound);

/// <summary>A student stopped answering and asks to be trained again.</summary>
/// <param name="FunctionId">The function.</param>
/// <param name="State">Why: <see cref="StudentState.SwitchedOff"/> or <see cref="StudentState.Retired"/>.</param>
/// <param name="TemplateHash">The function's current template hash.</param>
/// <param name="Reason">A sentence saying why.</param>
public sealed record StudentRetrainRequest(string FunctionId, StudentState State, string TemplateHash, string Reason);
