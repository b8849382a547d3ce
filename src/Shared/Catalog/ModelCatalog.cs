#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;

namespace LlmLint.Catalog
{
    /// <summary>
    /// The model catalog: ids, aliases, tiers and prices, read from <c>models.json</c>
    /// (embedded as <see cref="ResourceName"/>) and optionally merged with a user
    /// <c>llmlint.models.json</c>. Instances are immutable and safe to share across threads.
    /// </summary>
    internal sealed partial class ModelCatalog
    {
        /// <summary>Logical name of the embedded built-in catalog.</summary>
        public const string ResourceName = "LlmLint.Catalog.models.json";

        /// <summary>Conventional file name of a user override catalog.</summary>
        public const string OverrideFileName = "llmlint.models.json";

        /// <summary>The <c>schemaVersion</c> this reader writes and understands best (2 added the prompt-cache fields).</summary>
        public const int SchemaVersion = 2;

        /// <summary>The oldest <c>schemaVersion</c> this reader still loads (version 1 files have no prompt-cache fields).</summary>
        public const int MinSchemaVersion = 1;

        private static readonly Lazy<ModelCatalog> s_default =
            new Lazy<ModelCatalog>(LoadDefault, LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly string[] s_knownFields =
        {
            "id", "aliases", "provider", "tier", "inputPerMillion", "cachedInputPerMillion", "outputPerMillion",
            "batchDiscount", "contextWindow", "status", "successor", "priceSource", "priceDate",
            "cacheWritePerMillion", "minCacheableTokens",
        };

        /// <summary>Fields a document may use only from schema version 2 on.</summary>
        private static readonly string[] s_version2Fields = { "cacheWritePerMillion", "minCacheableTokens" };

        private readonly List<ModelInfo> _models;
        private readonly Dictionary<string, ModelInfo> _byId;
        private readonly Dictionary<string, ModelInfo> _byName;

        private ModelCatalog(List<ModelInfo> models, Dictionary<string, ModelInfo> byName, string? updated)
        {
            _models = models;
            _byName = byName;
            _byId = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < models.Count; i++)
            {
                _byId[models[i].Id] = models[i];
            }

            Updated = updated;
        }

        /// <summary>The built-in catalog, parsed once from the embedded resource.</summary>
        /// <exception cref="ModelCatalogException">The resource is missing or malformed.</exception>
        public static ModelCatalog Default => s_default.Value;

        /// <summary>All entries, in file order (built-in entries first, then entries added by overrides).</summary>
        public IReadOnlyList<ModelInfo> Models => _models;

        /// <summary>The catalog's <c>updated</c> date (<c>YYYY-MM-DD</c>), if given.</summary>
        public string? Updated { get; }

        // ------------------------------------------------------------------ loading

        /// <summary>Parses a complete catalog. Every entry must have every required field.</summary>
        /// <param name="json">The document text.</param>
        /// <param name="sourceName">File or resource name, used in error messages.</param>
        /// <exception cref="ModelCatalogException">The document is malformed.</exception>
        public static ModelCatalog Parse(string json, string sourceName)
        {
            string? updated;
            List<ModelInfo> models = ParseDocument(json, sourceName, null, out updated);
            return Build(models, updated);
        }

        /// <summary>
        /// Parses a user override catalog and returns <paramref name="baseCatalog"/> with the
        /// overrides applied. An entry whose <c>id</c> exists in the base may be partial: missing
        /// fields are inherited from the base entry, and its <c>aliases</c> are added to the base
        /// entry's aliases. Entries with new ids must be complete.
        /// </summary>
        /// <exception cref="ModelCatalogException">The document is malformed.</exception>
        public static ModelCatalog ParseOverrides(string json, string sourceName, ModelCatalog baseCatalog)
        {
            if (baseCatalog == null)
            {
                throw new ArgumentNullException(nameof(baseCatalog));
            }

            string? updated;
            List<ModelInfo> models = ParseDocument(json, sourceName, baseCatalog, out updated);
            return Merge(baseCatalog, Build(models, updated ?? baseCatalog.Updated));
        }

        /// <summary>Returns this catalog with <paramref name="user"/>'s entries applied; see <see cref="Merge"/>.</summary>
        public ModelCatalog WithOverrides(ModelCatalog user) => Merge(this, user);

        /// <summary>
        /// Combines two catalogs. Entries of <paramref name="overrides"/> replace base entries
        /// with the same id (in place) or are appended. Names (ids and aliases) of
        /// <paramref name="overrides"/> win over names of the base catalog; aliases of a replaced
        /// base entry resolve to its replacement.
        /// </summary>
        public static ModelCatalog Merge(ModelCatalog baseCatalog, ModelCatalog overrides)
        {
            if (baseCatalog == null)
            {
                throw new ArgumentNullException(nameof(baseCatalog));
            }

            if (overrides == null)
            {
                throw new ArgumentNullException(nameof(overrides));
            }

            var models = new List<ModelInfo>(baseCatalog._models.Count + overrides._models.Count);
            var byName = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);

            for (int i = 0; i < baseCatalog._models.Count; i++)
            {
                ModelInfo b = baseCatalog._models[i];
                ModelInfo effective = overrides._byId.TryGetValue(b.Id, out ModelInfo? replacement) ? replacement : b;
                models.Add(effective);
                byName[b.Id] = effective;
                for (int a = 0; a < b.Aliases.Count; a++)
                {
                    byName[b.Aliases[a]] = effective;
                }
            }

            for (int i = 0; i < overrides._models.Count; i++)
            {
                ModelInfo o = overrides._models[i];
                if (!baseCatalog._byId.ContainsKey(o.Id))
                {
                    models.Add(o);
                }
            }

            // Override names are applied last so that they win.
            for (int i = 0; i < overrides._models.Count; i++)
            {
                ModelInfo o = overrides._models[i];
                for (int a = 0; a < o.Aliases.Count; a++)
                {
                    byName[o.Aliases[a]] = o;
                }
            }

            for (int i = 0; i < overrides._models.Count; i++)
            {
                byName[overrides._models[i].Id] = overrides._models[i];
            }

            return new ModelCatalog(models, byName, overrides.Updated ?? baseCatalog.Updated);
        }

        private static ModelCatalog LoadDefault()
        {
            var assembly = typeof(ModelCatalog).Assembly;
            using (Stream? stream = assembly.GetManifestResourceStream(ResourceName))
            {
                if (stream == null)
                {
                    throw new ModelCatalogException(
                        "The built-in model catalog (embedded resource '" + ResourceName + "') was not found in assembly '" +
                        assembly.GetName().Name + "'.");
                }

                using (var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true))
                {
                    return Parse(reader.ReadToEnd(), ResourceName);
                }
            }
        }

        private static ModelCatalog Build(List<ModelInfo> models, string? updated)
        {
            var byName = new Dictionary<string, ModelInfo>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < models.Count; i++)
            {
                ModelInfo m = models[i];
                byName[m.Id] = m;
                for (int a = 0; a < m.Aliases.Count; a++)
                {
                    byName[m.Aliases[a]] = m;
                }
            }

            return new ModelCatalog(models, byName, updated);
        }
    }
}
