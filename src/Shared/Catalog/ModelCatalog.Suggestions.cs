#nullable enable

using System;
using System.Collections.Generic;

namespace LlmLint.Catalog
{
    /// <summary>Suggestions: the smaller model of a family, a provider's cheapest small model, the closest ids to an unknown one.</summary>
    internal sealed partial class ModelCatalog
    {
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
