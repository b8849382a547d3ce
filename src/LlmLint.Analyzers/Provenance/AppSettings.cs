using System.IO;
using System.Text;

namespace LlmLint.Analyzers.Provenance
{
    /// <summary>One <c>appsettings*.json</c> file flattened to configuration keys (<c>A:B:0</c>), or the reason it was ignored.</summary>
    internal sealed class AppSettingsFile
    {
        private readonly Dictionary<string, string?> _values;

        private AppSettingsFile(string name, string? environment, Dictionary<string, string?> values, string? error)
        {
            Name = name;
            Environment = environment;
            _values = values;
            Error = error;
        }

        /// <summary>The file name, e.g. <c>appsettings.Development.json</c>.</summary>
        public string Name { get; }

        /// <summary>The environment of <c>appsettings.{Environment}.json</c>; null for the base file.</summary>
        public string? Environment { get; }

        /// <summary>Why the file was ignored (malformed JSON), or null.</summary>
        public string? Error { get; }

        /// <summary>
        /// The entries under <paramref name="section"/> as top-level keys, <c>__</c> read as <c>:</c> — how the Azure
        /// Functions host reads the <c>Values</c> of <c>local.settings.json</c> (as environment variables).
        /// </summary>
        public AppSettingsFile SectionAsKeys(string section)
        {
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            string prefix = section + ":";
            foreach (KeyValuePair<string, string?> entry in _values)
            {
                if (entry.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    values[entry.Key.Substring(prefix.Length).Replace("__", ":")] = entry.Value;
                }
            }

            return new AppSettingsFile(Name + " (" + section + ")", Environment, values, Error);
        }

        /// <summary>True when <paramref name="key"/> is a leaf of the file (null when the JSON value is null).</summary>
        public bool TryGet(string key, out string? value) => _values.TryGetValue(key, out value);

        /// <summary>
        /// The environment part of an <c>appsettings.json</c> / <c>appsettings.{Environment}.json</c> file name: "" for
        /// the base file, the environment for the others, null for any other file.
        /// </summary>
        public static string? EnvironmentOf(string path)
        {
            string name = Path.GetFileName(path);
            if (!name.StartsWith("appsettings", StringComparison.OrdinalIgnoreCase) || !name.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            string middle = name.Substring("appsettings".Length, name.Length - "appsettings".Length - ".json".Length);
            if (middle.Length == 0)
            {
                return string.Empty;
            }

            return middle.Length > 1 && middle[0] == '.' && middle.IndexOf('.', 1) < 0 ? middle.Substring(1) : null;
        }

        /// <summary>Parses <paramref name="file"/>; malformed JSON gives a file with no values and the reason, never an exception.</summary>
        public static AppSettingsFile Read(AdditionalText file, string environment, CancellationToken ct)
        {
            string name = Path.GetFileName(file.Path);
            var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            string? text = file.GetText(ct)?.ToString();
            if (text == null)
            {
                return new AppSettingsFile(name, environment.Length == 0 ? null : environment, values, "could not be read");
            }

            try
            {
                MiniJsonNode root = MiniJson.Parse(JsonWithoutComments(text));
                if (root.Kind != MiniJsonKind.Object)
                {
                    return new AppSettingsFile(name, environment.Length == 0 ? null : environment, values, "is not a JSON object");
                }

                Flatten(root, string.Empty, values);
                return new AppSettingsFile(name, environment.Length == 0 ? null : environment, values, null);
            }
            catch (MiniJsonException e)
            {
                return new AppSettingsFile(name, environment.Length == 0 ? null : environment, new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase), "is not valid JSON (" + e.Message + ")");
            }
        }

        private static void Flatten(MiniJsonNode node, string prefix, Dictionary<string, string?> into)
        {
            switch (node.Kind)
            {
                case MiniJsonKind.Object:
                    foreach (KeyValuePair<string, MiniJsonNode> p in node.Properties)
                    {
                        Flatten(p.Value, prefix.Length == 0 ? p.Key : prefix + ":" + p.Key, into);
                    }

                    break;
                case MiniJsonKind.Array:
                    for (int i = 0; i < node.Items.Count; i++)
                    {
                        Flatten(node.Items[i], prefix + ":" + i.ToString(System.Globalization.CultureInfo.InvariantCulture), into);
                    }

                    break;
                case MiniJsonKind.Null:
                    into[prefix] = null;
                    break;
                case MiniJsonKind.Boolean:
                    into[prefix] = node.BooleanValue ? "True" : "False";
                    break;
                default:
                    into[prefix] = node.Text;
                    break;
            }
        }

        /// <summary>
        /// The JSON with <c>//</c> and <c>/* */</c> comments and trailing commas blanked out (as the configuration JSON
        /// reader accepts them), keeping line and column positions.
        /// </summary>
        internal static string JsonWithoutComments(string text)
        {
            var sb = new StringBuilder(text);
            bool inString = false;
            int lastSignificant = -1;
            for (int i = 0; i < sb.Length; i++)
            {
                char c = sb[i];
                if (inString)
                {
                    if (c == '\\')
                    {
                        i++;
                    }
                    else if (c == '"')
                    {
                        inString = false;
                        lastSignificant = i;
                    }

                    continue;
                }

                if (c == '"')
                {
                    inString = true;
                }
                else if (c == '/' && i + 1 < sb.Length && sb[i + 1] == '/')
                {
                    for (; i < sb.Length && sb[i] != '\n'; i++)
                    {
                        sb[i] = ' ';
                    }
                }
                else if (c == '/' && i + 1 < sb.Length && sb[i + 1] == '*')
                {
                    for (; i < sb.Length && !(sb[i] == '*' && i + 1 < sb.Length && sb[i + 1] == '/'); i++)
                    {
                        sb[i] = sb[i] == '\n' ? '\n' : ' ';
                    }

                    if (i + 1 < sb.Length)
                    {
                        sb[i] = ' ';
                        sb[i + 1] = ' ';
                        i++;
                    }
                }
                else if ((c == '}' || c == ']') && lastSignificant >= 0 && sb[lastSignificant] == ',')
                {
                    sb[lastSignificant] = ' ';
                    lastSignificant = i;
                }
                else if (!char.IsWhiteSpace(c))
                {
                    lastSignificant = i;
                }
            }

            return sb.ToString();
        }
    }
}
