using Microsoft.CodeAnalysis.Text;

namespace LlmLint.Analyzers.Rules
{
    /// <summary>LLM0001: a model catalog AdditionalFiles item could not be read.</summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ModelCatalogAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(Descriptors.CatalogOverrideInvalid);

        public override void Initialize(AnalysisContext context)
        {
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.EnableConcurrentExecution();
            context.RegisterCompilationStartAction(start =>
            {
                if (!KnownTypes.From(start.Compilation).HasAnySdk)
                {
                    return;
                }

                start.RegisterAdditionalFileAction(ctx =>
                {
                    CatalogSnapshot snapshot = CatalogProvider.Get(ctx.Options, ctx.CancellationToken);
                    foreach (CatalogError error in snapshot.Errors)
                    {
                        if (!string.Equals(error.Path, ctx.AdditionalFile.Path, StringComparison.Ordinal))
                        {
                            continue;
                        }

                        Location location = Location.Create(error.Path, default(TextSpan), default(LinePositionSpan));
                        ctx.ReportDiagnostic(Diagnostic.Create(Descriptors.CatalogOverrideInvalid, location, System.IO.Path.GetFileName(error.Path), error.Message.TrimEnd('.')));
                    }
                });
            });
        }
    }
}
