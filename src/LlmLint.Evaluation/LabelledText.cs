namespace LlmLint.Evaluation;


/// <summary>One labelled text of an evaluation dataset.</summary>
/// <param name="Text">The text.</param>
/// <param name="Label">Its label: texts with the same label ask the same thing.</param>
public readonly record struct LabelledText(string Text, string Label);
