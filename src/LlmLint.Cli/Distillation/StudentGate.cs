using System.Threading;
using System.Threading.Tasks;
using LlmLint.Distillation;
using LlmLint.Shadow;
using Microsoft.Extensions.AI;

namespace LlmLint.Cli.Distillation;

/// <summary>
/// Whether a candidate student may take over: its answers on captures it never saw (made after it was trained, under its
/// template hash) against the teacher's, judged by the shadow-validation rule (<see cref="ShadowEvidence.Judge"/>): the
/// lower bound of the agreement's 95% Wilson interval must reach the target over at least the minimum number of answers.
/// </summary>
internal static class StudentGate
{
    public static async Task<(ShadowEvidenceResult Evidence, int Validation)> JudgeAsync(
        StudentModel model, IReadOnlyList<DistillationCapture> captures, IEmbeddingGenerator<string, Embedding<float>> generator,
        double target, long minSamples, CancellationToken cancellationToken)
    {
        DistillationCapture[] unseen = captures.Where(c => c.Label is not null && c.TemplateHash == model.TemplateHash && c.Timestamp > model.CreatedAt).ToArray();
        long answered = 0, agreed = 0;
        if (unseen.Length > 0)
        {
            GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(unseen.Select(c => c.Input), null, cancellationToken);
            for (int i = 0; i < unseen.Length; i++)
            {
                StudentDecision decision = model.Student.Decide(embeddings[i].Vector.Span);
                if (decision.Answers)
                {
                    answered++;
                    agreed += decision.Label == unseen[i].Label ? 1 : 0;
                }
            }
        }

        var summary = new ShadowSummary(model.FunctionId, "student v" + model.Version, answered, agreed, 0, 0, unseen.Length);
        return (ShadowEvidence.Judge(summary, target, minSamples), unseen.Length);
    }
}
