#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
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
    internal sealed class ModelCatalog
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

        private static List<ModelInfo> ParseDocument(string json, string sourceName, ModelCatalog? baseCatalog, out string? updated)
        {
            if (json == null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            sourceName = string.IsNullOrEmpty(sourceName) ? "<model catalog>" : sourceName;

            MiniJsonNode root;
            try
            {
                root = MiniJson.Parse(json);
            }
            catch (MiniJsonException ex)
            {
                throw new ModelCatalogException(sourceName + ": " + ex.Message, sourceName, null, null, null, ex.Line, ex.Column);
            }

            if (root.Kind != MiniJsonKind.Object)
            {
                throw TopLevelError(sourceName, null, "the document must be a JSON object, found " + root.KindName, root);
            }

            updated = null;
            MiniJsonNode? models = null;
            bool sawVersion = false;
            int schemaVersion = 0;
            for (int i = 0; i < root.Properties.Count; i++)
            {
                string key = root.Properties[i].Key;
                MiniJsonNode value = root.Properties[i].Value;
                switch (key)
                {
                    case "schemaVersion":
                        sawVersion = true;
                        if (!value.TryGetInt32(out int version))
                        {
                            throw TopLevelError(sourceName, key, "expected an integer, found " + value.KindName, value);
                        }

                        if (version < MinSchemaVersion || version > SchemaVersion)
                        {
                            throw TopLevelError(
                                sourceName,
                                key,
                                "unsupported schema version " + version.ToString(CultureInfo.InvariantCulture) +
                                " (this version of LlmLint reads versions " + MinSchemaVersion.ToString(CultureInfo.InvariantCulture) +
                                " to " + SchemaVersion.ToString(CultureInfo.InvariantCulture) + ")",
                                value);
                        }

                        schemaVersion = version;

                        break;
                    case "updated":
                        if (value.Kind != MiniJsonKind.String || !IsIsoDate(value.Text))
                        {
                            throw TopLevelError(sourceName, key, "expected a date string \"YYYY-MM-DD\"", value);
                        }

                        updated = value.Text;
                        break;
                    case "models":
                        if (value.Kind != MiniJsonKind.Array)
                        {
                            throw TopLevelError(sourceName, key, "expected an array, found " + value.KindName, value);
                        }

                        models = value;
                        break;
                    default:
                        if (!IsIgnoredKey(key))
                        {
                            throw TopLevelError(sourceName, key, "unknown top-level field (expected schemaVersion, updated, models)", value);
                        }

                        break;
                }
            }

            if (!sawVersion)
            {
                throw TopLevelError(sourceName, "schemaVersion", "missing required field", root);
            }

            if (models == null)
            {
                throw TopLevelError(sourceName, "models", "missing required field", root);
            }

            var result = new List<ModelInfo>(models.Items.Count);

            // name -> index of the entry that declared it (ids and aliases share one namespace).
            var names = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < models.Items.Count; i++)
            {
                ModelInfo info = ParseModel(models.Items[i], i, sourceName, baseCatalog, schemaVersion);
                if (names.TryGetValue(info.Id, out int other))
                {
                    throw EntryError(sourceName, i, info.Id, "id", "duplicate name '" + info.Id + "', already used by models[" +
                        other.ToString(CultureInfo.InvariantCulture) + "] (id '" + result[other].Id + "')", models.Items[i]);
                }

                names[info.Id] = i;
                for (int a = 0; a < info.Aliases.Count; a++)
                {
                    string alias = info.Aliases[a];
                    if (names.TryGetValue(alias, out other))
                    {
                        if (other == i)
                        {
                            continue;
                        }

                        throw EntryError(sourceName, i, info.Id, "aliases", "duplicate name '" + alias + "', already used by models[" +
                            other.ToString(CultureInfo.InvariantCulture) + "] (id '" + result[other].Id + "')", models.Items[i]);
                    }

                    names[alias] = i;
                }

                result.Add(info);
            }

            // Successors must name an id of this document or of the base catalog.
            for (int i = 0; i < result.Count; i++)
            {
                string? successor = result[i].Successor;
                if (successor == null)
                {
                    continue;
                }

                if (string.Equals(successor, result[i].Id, StringComparison.OrdinalIgnoreCase))
                {
                    throw EntryError(sourceName, i, result[i].Id, "successor", "a model cannot be its own successor", models.Items[i]);
                }

                bool found = false;
                for (int j = 0; j < result.Count && !found; j++)
                {
                    found = string.Equals(result[j].Id, successor, StringComparison.OrdinalIgnoreCase);
                }

                if (!found && baseCatalog != null)
                {
                    found = baseCatalog._byId.ContainsKey(successor);
                }

                if (!found)
                {
                    throw EntryError(sourceName, i, result[i].Id, "successor", "'" + successor + "' is not the id of a model in the catalog", models.Items[i]);
                }
            }

            return result;
        }

        private static ModelInfo ParseModel(MiniJsonNode node, int index, string sourceName, ModelCatalog? baseCatalog, int schemaVersion)
        {
            if (node.Kind != MiniJsonKind.Object)
            {
                throw EntryError(sourceName, index, null, null, "each model must be a JSON object, found " + node.KindName, node);
            }

            MiniJsonNode? idNode = node.Get("id");
            if (idNode == null)
            {
                throw EntryError(sourceName, index, null, "id", "missing required field", node);
            }

            if (idNode.Kind != MiniJsonKind.String)
            {
                throw EntryError(sourceName, index, null, "id", "expected a string, found " + idNode.KindName, idNode);
            }

            string id = idNode.Text.Trim();
            if (!IsValidName(id))
            {
                throw EntryError(sourceName, index, null, "id", "must be a non-empty name without whitespace", idNode);
            }

            ModelInfo? inherit = null;
            if (baseCatalog != null)
            {
                baseCatalog._byId.TryGetValue(id, out inherit);
            }

            for (int i = 0; i < node.Properties.Count; i++)
            {
                string key = node.Properties[i].Key;
                if (!IsIgnoredKey(key) && Array.IndexOf(s_knownFields, key) < 0)
                {
                    throw EntryError(sourceName, index, id, key, "unknown field (expected one of: " + string.Join(", ", s_knownFields) + ")", node.Properties[i].Value);
                }

                if (schemaVersion < 2 && Array.IndexOf(s_version2Fields, key) >= 0)
                {
                    throw EntryError(sourceName, index, id, key, "this field needs \"schemaVersion\": 2 (the document declares version " + schemaVersion.ToString(CultureInfo.InvariantCulture) + ")", node.Properties[i].Value);
                }
            }

            // aliases (optional; for an inherited entry, listed aliases are added to the base aliases)
            var aliases = new List<string>();
            if (inherit != null)
            {
                for (int a = 0; a < inherit.Aliases.Count; a++)
                {
                    aliases.Add(inherit.Aliases[a]);
                }
            }

            MiniJsonNode? aliasesNode = node.Get("aliases");
            if (aliasesNode != null && aliasesNode.Kind != MiniJsonKind.Null)
            {
                if (aliasesNode.Kind != MiniJsonKind.Array)
                {
                    throw EntryError(sourceName, index, id, "aliases", "expected an array of strings, found " + aliasesNode.KindName, aliasesNode);
                }

                for (int a = 0; a < aliasesNode.Items.Count; a++)
                {
                    MiniJsonNode item = aliasesNode.Items[a];
                    if (item.Kind != MiniJsonKind.String)
                    {
                        throw EntryError(sourceName, index, id, "aliases", "element " + a.ToString(CultureInfo.InvariantCulture) + ": expected a string, found " + item.KindName, item);
                    }

                    string alias = item.Text.Trim();
                    if (!IsValidName(alias))
                    {
                        throw EntryError(sourceName, index, id, "aliases", "element " + a.ToString(CultureInfo.InvariantCulture) + ": must be a non-empty name without whitespace", item);
                    }

                    if (string.Equals(alias, id, StringComparison.OrdinalIgnoreCase) || ContainsIgnoreCase(aliases, alias))
                    {
                        continue;
                    }

                    aliases.Add(alias);
                }
            }

            string provider = ReadString(node, "provider", index, id, sourceName, inherit?.Provider);
            if (!IsValidName(provider))
            {
                throw EntryError(sourceName, index, id, "provider", "must be a non-empty name without whitespace", node.Get("provider") ?? node);
            }

            ModelTier tier = ReadTier(node, index, id, sourceName, inherit);
            decimal input = ReadPrice(node, "inputPerMillion", index, id, sourceName, inherit?.InputPerMillion);
            decimal cached = ReadPrice(node, "cachedInputPerMillion", index, id, sourceName, inherit?.CachedInputPerMillion);
            decimal output = ReadPrice(node, "outputPerMillion", index, id, sourceName, inherit?.OutputPerMillion);

            double batchDiscount;
            MiniJsonNode? batchNode = node.Get("batchDiscount");
            if (batchNode == null)
            {
                batchDiscount = inherit != null ? inherit.BatchDiscount : throw EntryError(sourceName, index, id, "batchDiscount", "missing required field", node);
            }
            else if (!batchNode.TryGetDouble(out batchDiscount))
            {
                throw EntryError(sourceName, index, id, "batchDiscount", "expected a number, found " + batchNode.KindName, batchNode);
            }
            else if (!(batchDiscount >= 0d && batchDiscount < 1d))
            {
                throw EntryError(sourceName, index, id, "batchDiscount", "must be a fraction from 0 (no discount) up to but excluding 1, found " + batchNode.Text, batchNode);
            }

            int contextWindow;
            MiniJsonNode? ctxNode = node.Get("contextWindow");
            if (ctxNode == null)
            {
                contextWindow = inherit != null ? inherit.ContextWindow : throw EntryError(sourceName, index, id, "contextWindow", "missing required field", node);
            }
            else if (!ctxNode.TryGetInt32(out contextWindow))
            {
                throw EntryError(sourceName, index, id, "contextWindow", "expected an integer number of tokens, found " + (ctxNode.Kind == MiniJsonKind.Number ? ctxNode.Text : ctxNode.KindName), ctxNode);
            }
            else if (contextWindow <= 0)
            {
                throw EntryError(sourceName, index, id, "contextWindow", "must be positive, found " + ctxNode.Text, ctxNode);
            }

            ModelStatus status = ReadStatus(node, index, id, sourceName, inherit);
            decimal? cacheWrite = ReadOptionalPrice(node, "cacheWritePerMillion", index, id, sourceName, inherit?.CacheWritePerMillion);
            int? minCacheable = ReadOptionalTokenCount(node, "minCacheableTokens", index, id, sourceName, inherit?.MinCacheableTokens);

            string? successor;
            MiniJsonNode? successorNode = node.Get("successor");
            if (successorNode == null)
            {
                successor = inherit?.Successor;
            }
            else if (successorNode.Kind == MiniJsonKind.Null)
            {
                successor = null;
            }
            else if (successorNode.Kind != MiniJsonKind.String)
            {
                throw EntryError(sourceName, index, id, "successor", "expected a model id string or null, found " + successorNode.KindName, successorNode);
            }
            else
            {
                successor = successorNode.Text.Trim();
                if (successor.Length == 0)
                {
                    successor = null;
                }
            }

            if (status == ModelStatus.Retired && successor == null)
            {
                throw EntryError(sourceName, index, id, "successor", "required when status is \"retired\"", successorNode ?? node);
            }

            string priceSource = ReadString(node, "priceSource", index, id, sourceName, inherit?.PriceSource);
            if (priceSource.Trim().Length == 0)
            {
                throw EntryError(sourceName, index, id, "priceSource", "must not be empty", node.Get("priceSource") ?? node);
            }

            string priceDate = ReadString(node, "priceDate", index, id, sourceName, inherit?.PriceDate);
            if (!IsIsoDate(priceDate))
            {
                throw EntryError(sourceName, index, id, "priceDate", "expected a date \"YYYY-MM-DD\", found \"" + priceDate + "\"", node.Get("priceDate") ?? node);
            }

            return new ModelInfo(id, aliases.ToArray(), provider, tier, input, cached, output, batchDiscount, contextWindow, status, successor, priceSource, priceDate)
            {
                CacheWritePerMillion = cacheWrite,
                MinCacheableTokens = minCacheable,
            };
        }

        /// <summary>An optional price: absent inherits (or is null), <c>null</c> clears it.</summary>
        private static decimal? ReadOptionalPrice(MiniJsonNode node, string field, int index, string id, string sourceName, decimal? inherited)
        {
            MiniJsonNode? value = node.Get(field);
            if (value == null)
            {
                return inherited;
            }

            return value.Kind == MiniJsonKind.Null ? null : ReadPrice(node, field, index, id, sourceName, inherited);
        }

        /// <summary>An optional positive token count: absent inherits (or is null), <c>null</c> clears it.</summary>
        private static int? ReadOptionalTokenCount(MiniJsonNode node, string field, int index, string id, string sourceName, int? inherited)
        {
            MiniJsonNode? value = node.Get(field);
            if (value == null)
            {
                return inherited;
            }

            if (value.Kind == MiniJsonKind.Null)
            {
                return null;
            }

            if (!value.TryGetInt32(out int tokens))
            {
                throw EntryError(sourceName, index, id, field, "expected an integer number of tokens, found " + (value.Kind == MiniJsonKind.Number ? value.Text : value.KindName), value);
            }

            if (tokens <= 0)
            {
                throw EntryError(sourceName, index, id, field, "must be positive, found " + value.Text, value);
            }

            return tokens;
        }

        private static string ReadString(MiniJsonNode node, string field, int index, string id, string sourceName, string? inherited)
        {
            MiniJsonNode? value = node.Get(field);
            if (value == null)
            {
                return inherited ?? throw EntryError(sourceName, index, id, field, "missing required field", node);
            }

            if (value.Kind != MiniJsonKind.String)
            {
                throw EntryError(sourceName, index, id, field, "expected a string, found " + value.KindName, value);
            }

            return value.Text;
        }

        private static decimal ReadPrice(MiniJsonNode node, string field, int index, string id, string sourceName, decimal? inherited)
        {
            MiniJsonNode? value = node.Get(field);
            if (value == null)
            {
                return inherited ?? throw EntryError(sourceName, index, id, field, "missing required field", node);
            }

            if (value.Kind != MiniJsonKind.Number)
            {
                throw EntryError(sourceName, index, id, field, "expected a number (USD per 1M tokens), found " + value.KindName, value);
            }

            if (!value.TryGetDecimal(out decimal price))
            {
                throw EntryError(sourceName, index, id, field, "number out of range: " + value.Text, value);
            }

            if (price < 0m)
            {
                throw EntryError(sourceName, index, id, field, "price cannot be negative, found " + value.Text, value);
            }

            return price;
        }

        private static ModelTier ReadTier(MiniJsonNode node, int index, string id, string sourceName, ModelInfo? inherit)
        {
            MiniJsonNode? value = node.Get("tier");
            if (value == null)
            {
                return inherit != null ? inherit.Tier : throw EntryError(sourceName, index, id, "tier", "missing required field", node);
            }

            if (value.Kind == MiniJsonKind.String)
            {
                switch (value.Text.Trim().ToLowerInvariant())
                {
                    case "small": return ModelTier.Small;
                    case "medium": return ModelTier.Medium;
                    case "large": return ModelTier.Large;
                    case "frontier": return ModelTier.Frontier;
                }
            }

            throw EntryError(sourceName, index, id, "tier", "unknown tier " + Describe(value) + " (expected \"Small\", \"Medium\", \"Large\" or \"Frontier\")", value);
        }

        private static ModelStatus ReadStatus(MiniJsonNode node, int index, string id, string sourceName, ModelInfo? inherit)
        {
            MiniJsonNode? value = node.Get("status");
            if (value == null)
            {
                return inherit != null ? inherit.Status : throw EntryError(sourceName, index, id, "status", "missing required field", node);
            }

            if (value.Kind == MiniJsonKind.String)
            {
                switch (value.Text.Trim().ToLowerInvariant())
                {
                    case "current": return ModelStatus.Current;
                    case "legacy": return ModelStatus.Legacy;
                    case "retired": return ModelStatus.Retired;
                }
            }

            throw EntryError(sourceName, index, id, "status", "unknown status " + Describe(value) + " (expected \"current\", \"legacy\" or \"retired\")", value);
        }

        private static string Describe(MiniJsonNode value) =>
            value.Kind == MiniJsonKind.String ? "\"" + value.Text + "\"" : value.Kind == MiniJsonKind.Number ? value.Text : value.KindName;

        private static ModelCatalogException TopLevelError(string sourceName, string? field, string problem, MiniJsonNode at)
        {
            string message = sourceName + " (line " + at.Line.ToString(CultureInfo.InvariantCulture) + "): " +
                (field != null ? "field '" + field + "': " : string.Empty) + problem + ".";
            return new ModelCatalogException(message, sourceName, null, null, field, at.Line, at.Column);
        }

        private static ModelCatalogException EntryError(string sourceName, int index, string? id, string? field, string problem, MiniJsonNode at)
        {
            var sb = new StringBuilder();
            sb.Append(sourceName).Append(" (line ").Append(at.Line.ToString(CultureInfo.InvariantCulture)).Append("): models[")
              .Append(index.ToString(CultureInfo.InvariantCulture)).Append(']');
            if (id != null)
            {
                sb.Append(" (id '").Append(id).Append("')");
            }

            sb.Append(": ");
            if (field != null)
            {
                sb.Append("field '").Append(field).Append("': ");
            }

            sb.Append(problem).Append('.');
            return new ModelCatalogException(sb.ToString(), sourceName, index, id, field, at.Line, at.Column);
        }

        private static bool IsIgnoredKey(string key) => key.Length > 0 && (key[0] == '$' || key[0] == '_');

        private static bool IsValidName(string name)
        {
            if (name.Length == 0)
            {
                return false;
            }

            for (int i = 0; i < name.Length; i++)
            {
                if (char.IsWhiteSpace(name[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool IsIsoDate(string s) =>
            s.Length == 10 && s[4] == '-' && s[7] == '-' &&
            DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);

        private static bool ContainsIgnoreCase(List<string> list, string value)
        {
            for (int i = 0; i < list.Count; i++)
            {
                if (string.Equals(list[i], value, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }

        // ------------------------------------------------------------------ lookup

        /// <summary>
        /// Resolves a model id as written in code or configuration. Case-insensitive. Tries, in order:
        /// the id or an alias; the part after the last '/' (provider or router prefixes such as
        /// <c>openai/gpt-4o</c>, <c>models/gemini-2.5-pro</c>); the part after <c>anthropic.</c>
        /// (Bedrock ids); then, for each of those, strips snapshot suffixes one at a time
        /// (<c>@version</c>, <c>-YYYY-MM-DD</c>, <c>-MM-DD</c>, <c>-YYYYMMDD</c>, <c>-MMDD</c>,
        /// <c>-NNN</c>, <c>-vN:N</c>, <c>-latest</c>, <c>:latest</c>, <c>-preview</c>), and finally
        /// drops an Ollama-style <c>:tag</c> when the base name is a local model.
        /// Unknown ids return false; no guessed price is ever returned.
        /// </summary>
        public bool TryGet(string? modelId, out ModelInfo model)
        {
            model = null!;
            if (modelId == null)
            {
                return false;
            }

            string s = modelId.Trim();
            if (s.Length == 0)
            {
                return false;
            }

            if (TryResolve(s, out model))
            {
                return true;
            }

            int slash = s.LastIndexOf('/');
            if (slash >= 0 && slash < s.Length - 1 && TryResolve(s.Substring(slash + 1), out model))
            {
                return true;
            }

            const string bedrockPrefix = "anthropic.";
            int bedrock = s.IndexOf(bedrockPrefix, StringComparison.OrdinalIgnoreCase);
            if (bedrock >= 0 && bedrock + bedrockPrefix.Length < s.Length
                && TryResolve(s.Substring(bedrock + bedrockPrefix.Length), out model))
            {
                return true;
            }

            model = null!;
            return false;
        }

        /// <summary>Like <see cref="TryGet"/>, returning null for unknown ids.</summary>
        public ModelInfo? Find(string? modelId) => TryGet(modelId, out ModelInfo model) ? model : null;

        /// <summary>Exact (case-insensitive) canonical-id lookup, without alias or snapshot resolution.</summary>
        public ModelInfo? FindById(string? id)
        {
            if (id == null)
            {
                return null;
            }

            return _byId.TryGetValue(id, out ModelInfo? m) ? m : null;
        }

        private bool TryResolve(string s, out ModelInfo model)
        {
            if (_byName.TryGetValue(s, out ModelInfo? found))
            {
                model = found;
                return true;
            }

            string current = s;

            // Vertex AI style "claude-3-5-sonnet@20241022", "gemini-1.5-pro@001".
            int at = current.IndexOf('@');
            if (at > 0)
            {
                current = current.Substring(0, at);
                if (_byName.TryGetValue(current, out found))
                {
                    model = found;
                    return true;
                }
            }

            for (int i = 0; i < 4; i++)
            {
                int cut = SnapshotSuffixStart(current);
                if (cut <= 0)
                {
                    break;
                }

                current = current.Substring(0, cut);
                if (_byName.TryGetValue(current, out found))
                {
                    model = found;
                    return true;
                }
            }

            // Ollama tags: "llama3.1:70b-instruct-q4_K_M" -> "llama3.1" (only for self-hosted models).
            int colon = s.IndexOf(':');
            if (colon > 0 && _byName.TryGetValue(s.Substring(0, colon), out found) && found.IsLocal)
            {
                model = found;
                return true;
            }

            model = null!;
            return false;
        }

        /// <summary>Index where a strippable snapshot/version suffix starts, or -1.</summary>
        private static int SnapshotSuffixStart(string s)
        {
            int n = s.Length;

            // -YYYY-MM-DD
            if (n > 11 && s[n - 11] == '-' && AllDigits(s, n - 10, 4) && s[n - 6] == '-' && AllDigits(s, n - 5, 2) && s[n - 3] == '-' && AllDigits(s, n - 2, 2))
            {
                return n - 11;
            }

            // -MM-DD (e.g. "-preview-06-05")
            if (n > 6 && s[n - 6] == '-' && AllDigits(s, n - 5, 2) && s[n - 3] == '-' && AllDigits(s, n - 2, 2))
            {
                return n - 6;
            }

            // -YYYYMMDD, -MMDD / -YYMM, -NNN
            int digits = 0;
            while (digits < n && IsDigit(s[n - 1 - digits]))
            {
                digits++;
            }

            if ((digits == 8 || digits == 4 || digits == 3) && n - digits - 1 > 0 && s[n - digits - 1] == '-')
            {
                return n - digits - 1;
            }

            // -vN or -vN:N (Bedrock "-v2:0")
            int p = n - 1;
            int d = 0;
            while (p >= 0 && IsDigit(s[p]))
            {
                p--;
                d++;
            }

            if (d > 0 && p > 0 && s[p] == ':')
            {
                p--;
                d = 0;
                while (p >= 0 && IsDigit(s[p]))
                {
                    p--;
                    d++;
                }
            }

            if (d > 0 && p > 1 && (s[p] == 'v' || s[p] == 'V') && s[p - 1] == '-')
            {
                return p - 1;
            }

            if (EndsWithIgnoreCase(s, "-latest") || EndsWithIgnoreCase(s, ":latest"))
            {
                return n - 7;
            }

            if (EndsWithIgnoreCase(s, "-preview"))
            {
                return n - 8;
            }

            return -1;
        }

        private static bool IsDigit(char c) => c >= '0' && c <= '9';

        private static bool AllDigits(string s, int start, int count)
        {
            for (int i = start; i < start + count; i++)
            {
                if (!IsDigit(s[i]))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool EndsWithIgnoreCase(string s, string suffix) =>
            s.Length > suffix.Length && string.Compare(s, s.Length - suffix.Length, suffix, 0, suffix.Length, StringComparison.OrdinalIgnoreCase) == 0;

        // ------------------------------------------------------------------ suggestions

        private static decimal ListPrice(ModelInfo m) => m.InputPerMillion + m.OutputPerMillion;

        /// <summary>
        /// The provider's cheapest (input + output price) current Small-tier model, or null if it has none.
        /// Ties keep catalog order.
        /// </summary>
        public ModelInfo? SmallestOfProvider(string provider)
        {
            if (provider == null)
            {
                return null;
            }

            ModelInfo? best = null;
            for (int i = 0; i < _models.Count; i++)
            {
                ModelInfo m = _models[i];
                if (m.Tier == ModelTier.Small && m.Status == ModelStatus.Current
                    && string.Equals(m.Provider, provider, StringComparison.OrdinalIgnoreCase)
                    && (best == null || ListPrice(m) < ListPrice(best)))
                {
                    best = m;
                }
            }

            return best;
        }

        /// <summary>
        /// A cheaper Small-tier model to suggest in place of <paramref name="model"/>, or null when
        /// <paramref name="model"/> is already Small or nothing cheaper exists. Prefers the model's own
        /// family (a non-retired Small model of the same provider whose id starts with
        /// "<c>{model.Id}-</c>", e.g. gpt-4o → gpt-4o-mini, gpt-4.1 → gpt-4.1-mini, gpt-5 → gpt-5-mini;
        /// the most capable, i.e. priciest, such sibling, current before legacy); otherwise
        /// <see cref="SmallestOfProvider"/> (e.g. claude-opus-4-8 → claude-haiku-4-5).
        /// </summary>
        public ModelInfo? SuggestSmaller(ModelInfo model)
        {
            if (model == null || model.Tier == ModelTier.Small)
            {
                return null;
            }

            decimal price = ListPrice(model);
            string familyPrefix = model.Id + "-";
            ModelInfo? family = null;
            for (int i = 0; i < _models.Count; i++)
            {
                ModelInfo m = _models[i];
                if (m.Tier != ModelTier.Small || m.Status == ModelStatus.Retired
                    || !string.Equals(m.Provider, model.Provider, StringComparison.OrdinalIgnoreCase)
                    || !m.Id.StartsWith(familyPrefix, StringComparison.OrdinalIgnoreCase)
                    || ListPrice(m) >= price)
                {
                    continue;
                }

                if (family == null
                    || (m.Status == ModelStatus.Current && family.Status != ModelStatus.Current)
                    || (m.Status == family.Status && ListPrice(m) > ListPrice(family)))
                {
                    family = m;
                }
            }

            if (family != null)
            {
                return family;
            }

            ModelInfo? smallest = SmallestOfProvider(model.Provider);
            if (smallest != null && !ReferenceEquals(smallest, model) && ListPrice(smallest) < price)
            {
                return smallest;
            }

            return null;
        }

        /// <summary>
        /// Up to <paramref name="max"/> catalog names (ids and aliases, as spelled in the catalog)
        /// closest to <paramref name="unknownId"/> by edit distance, nearest first; only names within
        /// max(2, length/3) edits are returned. For "did you mean" messages.
        /// </summary>
        public IReadOnlyList<string> ClosestIds(string unknownId, int max)
        {
            var result = new List<string>();
            if (string.IsNullOrWhiteSpace(unknownId) || max <= 0)
            {
                return result;
            }

            string query = unknownId.Trim().ToLowerInvariant();
            int slash = query.LastIndexOf('/');
            string bare = slash >= 0 && slash < query.Length - 1 ? query.Substring(slash + 1) : query;
            int threshold = Math.Max(2, bare.Length / 3);

            var candidates = new List<KeyValuePair<int, string>>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            for (int i = 0; i < _models.Count; i++)
            {
                ModelInfo m = _models[i];
                Consider(m.Id, 0);
                for (int a = 0; a < m.Aliases.Count; a++)
                {
                    Consider(m.Aliases[a], 1);
                }
            }

            // Stable insertion order means: distance, then ids before aliases, then catalog order.
            candidates.Sort((x, y) => x.Key.CompareTo(y.Key));
            for (int i = 0; i < candidates.Count && result.Count < max; i++)
            {
                result.Add(candidates[i].Value);
            }

            return result;

            void Consider(string name, int aliasPenalty)
            {
                if (seen.Contains(name))
                {
                    return;
                }

                string lower = name.ToLowerInvariant();
                int nameSlash = lower.LastIndexOf('/');
                string targetBare = nameSlash >= 0 && nameSlash < lower.Length - 1 ? lower.Substring(nameSlash + 1) : lower;
                int distance = EditDistance(query, lower, threshold);
                if (!ReferenceEquals(bare, query) || !ReferenceEquals(targetBare, lower))
                {
                    distance = Math.Min(distance, EditDistance(bare, targetBare, threshold));
                }

                if (distance <= threshold)
                {
                    seen.Add(name);

                    // Sort key: distance first, then ids before aliases, then insertion order.
                    int key = (distance * 2 + aliasPenalty) * 100000 + candidates.Count;
                    candidates.Add(new KeyValuePair<int, string>(key, name));
                }
            }
        }

        /// <summary>Levenshtein distance, returning <paramref name="limit"/> + 1 as soon as it is exceeded.</summary>
        private static int EditDistance(string a, string b, int limit)
        {
            if (Math.Abs(a.Length - b.Length) > limit)
            {
                return limit + 1;
            }

            var prev = new int[b.Length + 1];
            var cur = new int[b.Length + 1];
            for (int j = 0; j <= b.Length; j++)
            {
                prev[j] = j;
            }

            for (int i = 1; i <= a.Length; i++)
            {
                cur[0] = i;
                int rowMin = cur[0];
                for (int j = 1; j <= b.Length; j++)
                {
                    int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                    int v = Math.Min(Math.Min(prev[j] + 1, cur[j - 1] + 1), prev[j - 1] + cost);
                    cur[j] = v;
                    if (v < rowMin)
                    {
                        rowMin = v;
                    }
                }

                if (rowMin > limit)
                {
                    return limit + 1;
                }

                int[] t = prev;
                prev = cur;
                cur = t;
            }

            return prev[b.Length];
        }
    }
}
