#nullable enable

using System;

namespace LlmLint.Catalog
{
    /// <summary>Resolving a model id as code or configuration writes it: aliases, provider prefixes, snapshot suffixes, local tags.</summary>
    internal sealed partial class ModelCatalog
    {
        /// <summary>
        /// Resolves a model id as written in code or configuration. Case-insensitive. Tries, in order:
        /// the id or an alias; the part after the last '/' (provider or router prefixes such as
        /// <c>openai/gpt-4o</c>, <c>models/gemini-2.5-pro</c>); the part after <c>anthropic.</c>
        /// (Bedrock ids); then, for each of those, strips snapshot suffixes one at a time
        /// (<c>@version</c>, <c>-YYYY-MM-DD</c>, <c>-MM-DD</c>, <c>-YYYYMMDD</c>, <c>-MMDD</c>,
        /// <c>-NNN</c>, <c>-vN:N</c>, <c>-latest</c>, <c>:latest</c>, <c>-preview</c>), and finally
        /// drops an Ollama-style <c>:tag</c> when the base name is a local model. A gateway's name that puts a cloud or
        /// provider before the model with a dash (<c>azure-gpt-4o</c>, <c>bedrock-claude-sonnet-4</c>) resolves as the
        /// part after that prefix.
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

            foreach (string gateway in GatewayPrefixes)
            {
                if (s.Length > gateway.Length && s.StartsWith(gateway, StringComparison.OrdinalIgnoreCase) && TryResolve(s.Substring(gateway.Length), out model))
                {
                    return true;
                }
            }

            model = null!;
            return false;
        }

        /// <summary>Cloud and provider names gateways put before a model id with a dash (LiteLLM-style names written with '-').</summary>
        private static readonly string[] GatewayPrefixes = { "azure-", "azureopenai-", "openai-", "anthropic-", "bedrock-", "vertex-", "vertexai-", "google-", "gcp-", "aws-" };

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
    }
}
