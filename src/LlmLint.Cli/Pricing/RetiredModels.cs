using LlmLint.Catalog;

namespace LlmLint.Cli.Pricing;

/// <summary>
/// The retired ids without a price entry (src/Shared/Catalog/retired-models.json, <see cref="RetiredModelList"/>), so a
/// report names <c>claude-2.1</c> retired rather than "not in the model catalog".
/// </summary>
internal static class RetiredModels
{
    private static readonly Lazy<RetiredModelList> All = new(Load);

    public static bool TryGet(string? modelId, out RetiredModelEntry model) => All.Value.TryGet(modelId, out model);

    private static RetiredModelList Load()
    {
        try
        {
            return RetiredModelList.FromResource(typeof(RetiredModels).Assembly);
        }
        catch (InvalidOperationException)
        {
            throw new CliException(ExitCodes.ToolError, "The retired-model list of llmlint is missing; reinstall llmlint.");
        }
    }
}
