#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmLint.Catalog
{
    /// <summary>Reading <c>models.json</c> and override files: schema versions, entries, inheritance from the base catalog, errors that name the entry and field.</summary>
    internal sealed partial class ModelCatalog
    {
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
    }
}
