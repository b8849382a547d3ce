using System.Collections.Concurrent;
using System.IO;

namespace LlmLint.Analyzers
{
    /// <summary>A catalog load problem, reported as LLM0001.</summary>
    internal sealed class CatalogError
    {
        public CatalogError(string path, string message)
        {
            Path = path;
            Message = message;
        }

        public string Path { get; }
        public string Message { get; }
    }

    /// <summary>The catalog of one compilation and the problems met while reading its AdditionalFiles.</summary>
    internal sealed class CatalogSnapshot
    {
        public CatalogSnapshot(ModelCatalog catalog, ImmutableArray<CatalogError> errors)
        {
            Catalog = catalog;
            Errors = errors;
        }

        public ModelCatalog Catalog { get; }
        public ImmutableArray<CatalogError> Errors { get; }
    }

    /// <summary>
    /// Resolves the model catalog of a compilation: the embedded <c>models.json</c>, replaced by an AdditionalFiles
    /// <c>llmlint.catalog.json</c> when present, then merged with <c>llmlint.models.json</c>. Parsed once per distinct
    /// file content; a malformed file is reported (LLM0001) and ignored, never thrown.
    /// </summary>
    internal static class CatalogProvider
    {
        public const string PackageCatalogFileName = "llmlint.catalog.json";

        private static readonly ConcurrentDictionary<string, CatalogSnapshot> s_byContent = new ConcurrentDictionary<string, CatalogSnapshot>(StringComparer.Ordinal);

        public static CatalogSnapshot Get(AnalyzerOptions options, CancellationToken ct)
        {
            AdditionalText? catalogFile = null;
            AdditionalText? overrideFile = null;
            foreach (AdditionalText file in options.AdditionalFiles)
            {
                string name = Path.GetFileName(file.Path);
                if (string.Equals(name, PackageCatalogFileName, StringComparison.OrdinalIgnoreCase))
                {
                    catalogFile = file;
                }
                else if (string.Equals(name, ModelCatalog.OverrideFileName, StringComparison.OrdinalIgnoreCase))
                {
                    overrideFile = file;
                }
            }

            string? catalogText = catalogFile?.GetText(ct)?.ToString();
            string? overrideText = overrideFile?.GetText(ct)?.ToString();
            if (catalogText == null && overrideText == null)
            {
                return GetDefault();
            }

            string key = (catalogFile?.Path ?? string.Empty) + "\u0001" + (catalogText ?? string.Empty) + "\u0002" + (overrideFile?.Path ?? string.Empty) + "\u0001" + (overrideText ?? string.Empty);
            if (s_byContent.TryGetValue(key, out CatalogSnapshot? cached))
            {
                return cached;
            }

            if (s_byContent.Count > 32)
            {
                s_byContent.Clear();
            }

            var errors = ImmutableArray.CreateBuilder<CatalogError>();
            ModelCatalog catalog = GetDefault().Catalog;
            if (catalogText != null)
            {
                try
                {
                    catalog = ModelCatalog.Parse(catalogText, catalogFile!.Path);
                }
                catch (Exception ex)
                {
                    errors.Add(new CatalogError(catalogFile!.Path, ex.Message));
                }
            }

            if (overrideText != null)
            {
                try
                {
                    catalog = ModelCatalog.ParseOverrides(overrideText, overrideFile!.Path, catalog);
                }
                catch (Exception ex)
                {
                    errors.Add(new CatalogError(overrideFile!.Path, ex.Message));
                }
            }

            var snapshot = new CatalogSnapshot(catalog, errors.ToImmutable());
            s_byContent[key] = snapshot;
            return snapshot;
        }

        private static CatalogSnapshot? s_default;

        private static CatalogSnapshot GetDefault()
        {
            CatalogSnapshot? d = s_default;
            if (d == null)
            {
                try
                {
                    d = new CatalogSnapshot(ModelCatalog.Default, ImmutableArray<CatalogError>.Empty);
                }
                catch (Exception ex)
                {
                    d = new CatalogSnapshot(ModelCatalog.Parse("{\"schemaVersion\":1,\"models\":[]}", "empty"), ImmutableArray.Create(new CatalogError(ModelCatalog.ResourceName, ex.Message)));
                }

                s_default = d;
            }

            return d;
        }
    }
}
