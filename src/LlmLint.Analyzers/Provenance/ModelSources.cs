using System.Text;

namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// What a compilation knows about where models come from beyond its code: the <c>appsettings*.json</c>
    /// AdditionalFiles (parsed once per compilation) and the <c>.editorconfig</c> model names
    /// (<see cref="ConfigKeyOptionPrefix"/>, <see cref="EnvironmentVariableOptionPrefix"/>).
    /// </summary>
    internal sealed class ModelSources
    {
        /// <summary><c>LLM2000.model_for_config.AI__ChatModel = gpt-4o</c>: the model a configuration key holds in production.</summary>
        public const string ConfigKeyOptionPrefix = "LLM2000.model_for_config.";

        /// <summary><c>LLM2000.model_for_env.OPENAI_MODEL = gpt-4o</c>: the model an environment variable holds.</summary>
        public const string EnvironmentVariableOptionPrefix = "LLM2000.model_for_env.";

        public static readonly ModelSources Empty = new ModelSources(null, null, Array.Empty<AppSettingsFile>(), null, ImmutableArray<AdditionalText>.Empty);

        private readonly KnownTypes? _types;
        private readonly AnalyzerConfigOptionsProvider? _options;
        private readonly AppSettingsFile? _base;
        private readonly IReadOnlyList<AppSettingsFile> _environments;
        private readonly ImmutableArray<AdditionalText> _additionalFiles;
        private OptionsBindingIndex? _bindings;
        private ConfigurationFileLayers? _files;
        private ServiceRegistrationIndex? _registrations;
        private readonly object _gate = new object();

        private ModelSources(KnownTypes? types, AnalyzerConfigOptionsProvider? options, IReadOnlyList<AppSettingsFile> environments, AppSettingsFile? baseFile, ImmutableArray<AdditionalText> additionalFiles)
        {
            _additionalFiles = additionalFiles;
            _types = types;
            _options = options;
            _environments = environments;
            _base = baseFile;
        }

        /// <summary>Reads the <c>appsettings.json</c> and <c>appsettings.{Environment}.json</c> AdditionalFiles of the compilation.</summary>
        public static ModelSources Create(KnownTypes types, AnalyzerOptions options, CancellationToken ct)
        {
            AdditionalText? baseText = null;
            var envTexts = new List<(AdditionalText File, string Environment)>();
            foreach (AdditionalText file in options.AdditionalFiles)
            {
                string? environment = AppSettingsFile.EnvironmentOf(file.Path);
                if (environment == null)
                {
                    continue;
                }

                // Several projects' files may be listed (a linked file, a test project): the shortest path is the project's own.
                if (environment.Length == 0)
                {
                    if (baseText == null || file.Path.Length < baseText.Path.Length)
                    {
                        baseText = file;
                    }
                }
                else
                {
                    envTexts.Add((file, environment));
                }
            }

            var environments = new List<AppSettingsFile>();
            foreach ((AdditionalText file, string environment) in envTexts)
            {
                environments.Add(AppSettingsFile.Read(file, environment, ct));
            }

            environments.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return new ModelSources(types, options.AnalyzerConfigOptionsProvider, environments, baseText != null ? AppSettingsFile.Read(baseText, string.Empty, ct) : null, options.AdditionalFiles);
        }

        /// <summary>Which configuration section each options class is bound to, indexed on first use.</summary>
        public OptionsBindingIndex Bindings(CancellationToken ct)
        {
            if (_types == null)
            {
                return OptionsBindingIndex.None;
            }

            // Built by one thread while the others wait: every rule's first call site asks for it at once.
            lock (_gate)
            {
                return _bindings ??= OptionsBindingIndex.Build(_types, ct);
            }
        }

        /// <summary>The JSON files beyond <c>appsettings*.json</c> the app reads (<c>AddJsonFile</c>, Functions settings), read on first use.</summary>
        public ConfigurationFileLayers Files(CancellationToken ct)
        {
            if (_types == null)
            {
                return ConfigurationFileLayers.None;
            }

            lock (_gate)
            {
                return _files ??= ConfigurationFileLayers.Build(_types, _additionalFiles, ct);
            }
        }

        /// <summary>The chat clients and kernel services registered for dependency injection, indexed on first use.</summary>
        public ServiceRegistrationIndex Registrations(CancellationToken ct)
        {
            if (_types == null)
            {
                return ServiceRegistrationIndex.None;
            }

            lock (_gate)
            {
                return _registrations ??= ServiceRegistrationIndex.Build(_types, ct);
            }
        }

        /// <summary>
        /// The model a configuration key holds: the <c>.editorconfig</c> name for the key, else the base
        /// <c>appsettings.json</c> value (noting environments that differ), else <paramref name="fallback"/> (an options
        /// property default, a <c>GetValue</c> default) — or unresolved with the reason.
        /// </summary>
        public ModelReference ForConfigurationKey(string key, SyntaxTree tree, ModelIdSource source, ModelReference? fallback, CancellationToken ct)
        {
            string label = "configuration key '" + key + "'";
            if (Option(ConfigKeyOptionPrefix + key.Replace(":", "__"), tree) is string named)
            {
                return new ModelReference(named, ModelIdSource.EditorConfig, null, null, label + ": named in .editorconfig");
            }

            string? baseValue = null;
            bool inBase = _base != null && _base.Error == null && _base.TryGet(key, out baseValue);
            var differing = new StringBuilder();
            string? onlyEnvironmentValue = null;
            int environmentsWithValue = 0;
            foreach (AppSettingsFile env in _environments)
            {
                if (env.Error == null && env.TryGet(key, out string? v) && !string.Equals(v, baseValue, StringComparison.Ordinal))
                {
                    differing.Append(differing.Length == 0 ? "; " : ", ").Append(env.Name).Append(": ").Append(Quote(v));
                    if (!string.IsNullOrEmpty(v))
                    {
                        onlyEnvironmentValue = environmentsWithValue == 0 || string.Equals(onlyEnvironmentValue, v, StringComparison.Ordinal) ? v : null;
                        environmentsWithValue++;
                    }
                }
            }

            string problems = FileProblems();
            ConfigurationFileLayers files = Files(ct);
            if (FirstValue(files.Committed, key) is AppSettingsFile added && added.TryGet(key, out string? addedValue))
            {
                return new ModelReference(addedValue!, ModelIdSource.Configuration, null, null, label + " in " + added.Name + " (read after appsettings.json)" + differing + problems);
            }

            if (inBase && !string.IsNullOrEmpty(baseValue))
            {
                return new ModelReference(baseValue, ModelIdSource.Configuration, null, null, label + " in appsettings.json" + differing + problems);
            }

            if (FirstValue(files.Templates, key) is AppSettingsFile template && template.TryGet(key, out string? templateValue))
            {
                return new ModelReference(templateValue!, ModelIdSource.Configuration, null, null, label + " in " + template.Name + ", the committed template of a file the app reads" + differing + problems);
            }

            if (fallback?.Id != null)
            {
                string why = inBase ? "empty in appsettings.json" : (_base == null ? "no appsettings.json" : "not in appsettings.json");
                return new ModelReference(fallback.Id, fallback.Source, fallback.LiteralLocation, fallback.Field, label + " (" + why + "), default " + (fallback.Provenance ?? Quote(fallback.Id)) + differing + problems);
            }

            if (!inBase && onlyEnvironmentValue != null)
            {
                return new ModelReference(onlyEnvironmentValue, ModelIdSource.Configuration, null, null, label + " only in environment files" + differing + problems);
            }

            string reason = inBase ? "empty in appsettings.json" : (_base == null ? "no appsettings.json in AdditionalFiles" : "not in appsettings.json");
            return ModelReference.Unresolved(label + ": " + reason + differing + problems);
        }

        /// <summary>The model an environment variable holds: the <c>.editorconfig</c> name for it, or unresolved.</summary>
        public ModelReference ForEnvironmentVariable(string name, SyntaxTree tree)
        {
            string label = "environment variable '" + name + "'";
            return Option(EnvironmentVariableOptionPrefix + name, tree) is string named
                ? new ModelReference(named, ModelIdSource.EditorConfig, null, null, label + ": named in .editorconfig")
                : ModelReference.Unresolved(label);
        }

        /// <summary>The first of <paramref name="layers"/> that holds a non-empty value for <paramref name="key"/>.</summary>
        private static AppSettingsFile? FirstValue(IReadOnlyList<AppSettingsFile> layers, string key)
        {
            foreach (AppSettingsFile file in layers)
            {
                if (file.Error == null && file.TryGet(key, out string? value) && !string.IsNullOrEmpty(value))
                {
                    return file;
                }
            }

            return null;
        }

        private string FileProblems()
        {
            var sb = new StringBuilder();
            if (_base?.Error != null)
            {
                sb.Append("; ").Append(_base.Name).Append(" ignored: ").Append(_base.Error);
            }

            foreach (AppSettingsFile env in _environments)
            {
                if (env.Error != null)
                {
                    sb.Append("; ").Append(env.Name).Append(" ignored: ").Append(env.Error);
                }
            }

            return sb.ToString();
        }

        private string? Option(string key, SyntaxTree tree)
        {
            if (_options == null)
            {
                return null;
            }

            // .editorconfig keys are case-insensitive (the compiler lower-cases them), as configuration keys are.
            if (_options.GetOptions(tree).TryGetValue(key, out string? value) || _options.GetOptions(tree).TryGetValue(key.ToLowerInvariant(), out value)
                || _options.GlobalOptions.TryGetValue(key, out value) || _options.GlobalOptions.TryGetValue(key.ToLowerInvariant(), out value))
            {
                value = value.Trim();
                return value.Length > 0 ? value : null;
            }

            return null;
        }

        private static string Quote(string? value) => value == null ? "null" : value.Length == 0 ? "empty" : "'" + value + "'";
    }
}
