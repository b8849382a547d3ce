#nullable enable

using System;
using System.Collections.Generic;
using System.IO;
using System.Reflection;

namespace LlmLint.Catalog
{
    /// <summary>A model id no provider serves any more, and the catalog model suggested in its place.</summary>
    internal sealed class RetiredModelEntry
    {
        public RetiredModelEntry(string id, string provider, string? successor)
        {
            Id = id;
            Provider = provider;
            Successor = successor;
        }

        public string Id { get; }

        public string Provider { get; }

        public string? Successor { get; }
    }

    /// <summary>
    /// The retired ids without a price entry (<c>retired-models.json</c>, embedded as <see cref="ResourceName"/>), so that
    /// <c>claude-2.1</c> is named retired, with its successor, rather than "not in the model catalog". Retired models that
    /// still have prices are catalog entries with status "retired".
    /// </summary>
    internal sealed class RetiredModelList
    {
        public const string ResourceName = "LlmLint.Catalog.retired-models.json";

        private readonly Dictionary<string, RetiredModelEntry> _byId;

        private RetiredModelList(Dictionary<string, RetiredModelEntry> byId) => _byId = byId;

        /// <summary>Reads the list embedded in <paramref name="assembly"/>.</summary>
        /// <exception cref="InvalidOperationException">The assembly does not embed it.</exception>
        /// <exception cref="MiniJsonException">The embedded list is malformed.</exception>
        public static RetiredModelList FromResource(Assembly assembly)
        {
            using Stream? stream = assembly.GetManifestResourceStream(ResourceName);
            if (stream == null)
            {
                throw new InvalidOperationException("The retired-model list (" + ResourceName + ") is not embedded in " + assembly.GetName().Name + ".");
            }

            using var reader = new StreamReader(stream);
            return Parse(reader.ReadToEnd());
        }

        /// <summary>Parses <c>{"retired": [{"id", "provider", "successor"?}, …]}</c>.</summary>
        /// <exception cref="MiniJsonException">The text is not JSON, or an entry lacks its id or provider.</exception>
        public static RetiredModelList Parse(string json)
        {
            MiniJsonNode root = MiniJson.Parse(json);
            var byId = new Dictionary<string, RetiredModelEntry>(StringComparer.Ordinal);
            MiniJsonNode? list = root.Get("retired");
            if (list == null || list.Kind != MiniJsonKind.Array)
            {
                throw new MiniJsonException("expected an array \"retired\"", root.Line, root.Column);
            }

            foreach (MiniJsonNode entry in list.Items)
            {
                string id = Text(entry, "id") ?? throw new MiniJsonException("a retired model needs an \"id\"", entry.Line, entry.Column);
                string provider = Text(entry, "provider") ?? throw new MiniJsonException("retired model '" + id + "' needs a \"provider\"", entry.Line, entry.Column);
                byId[Normalize(id)] = new RetiredModelEntry(id, provider, Text(entry, "successor"));
            }

            return new RetiredModelList(byId);
        }

        /// <summary>Finds a retired id; <c>anthropic/claude-2.1</c> and <c>Claude-2.1</c> name <c>claude-2.1</c>.</summary>
        public bool TryGet(string? modelId, out RetiredModelEntry model)
        {
            if (!string.IsNullOrEmpty(modelId) && _byId.TryGetValue(Normalize(modelId!), out RetiredModelEntry? found))
            {
                model = found;
                return true;
            }

            model = null!;
            return false;
        }

        private static string Normalize(string id)
        {
            int slash = id.LastIndexOf('/');
            return (slash >= 0 ? id.Substring(slash + 1) : id).Trim().ToLowerInvariant();
        }

        private static string? Text(MiniJsonNode entry, string key)
        {
            MiniJsonNode? node = entry.Get(key);
            return node != null && node.Kind == MiniJsonKind.String && node.Text.Length > 0 ? node.Text : null;
        }
    }
}
