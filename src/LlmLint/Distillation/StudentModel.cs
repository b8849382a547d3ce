namespace LlmLint.Distillation;

/// <summary>A trained student of one function, as it is saved and loaded: the classifier with its threshold, tied to a template hash.</summary>
/// <param name="FunctionId">The function identity.</param>
/// <param name="TemplateHash">The template hash the captures were made under; another hash retires the student.</param>
/// <param name="Version">The model version of the function, increasing with each published model.</param>
/// <param name="CreatedAt">When the model was trained.</param>
/// <param name="EmbedderId">The embedding model the classifier reads (its metadata id), when known.</param>
/// <param name="Captures">How many captures it was trained and calibrated on.</param>
/// <param name="TargetAgreement">The agreement its threshold guarantees on held-out captures, and that shadow checks keep.</param>
/// <param name="Student">The classifier, threshold and held-out result.</param>
public sealed record StudentModel(
    string FunctionId,
    string TemplateHash,
    int Version,
    DateTimeOffset CreatedAt,
    string? EmbedderId,
    int Captures,
    double TargetAgreement,
    DistilledStudent Student);
