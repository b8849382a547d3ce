using System.IO;

namespace LlmLint.Analyzers.Provenance
{
    /// <summary>
    /// The JSON configuration files beyond <c>appsettings*.json</c> that the app reads: each file the code adds with
    /// <c>AddJsonFile("name.json")</c>, and the <c>Values</c> of an Azure Functions <c>local.settings.json</c> (which the
    /// host reads as environment variables). Such files often hold secrets and are committed only as a template
    /// (<c>name.json.sample</c>, <c>.example</c>, <c>.template</c>, <c>.dist</c>, or <c>name.sample.json</c>): a template
    /// is read when the file itself is not in the AdditionalFiles, as a weaker source than <c>appsettings.json</c>.
    /// Built once per compilation on first use.
    /// </summary>
    internal sealed class ConfigurationFileLayers
    {
        public static readonly ConfigurationFileLayers None = new ConfigurationFileLayers(Array.Empty<AppSettingsFile>(), Array.Empty<AppSettingsFile>());

        private const string FunctionsSettings = "local.settings.json";
        private static readonly string[] s_addJsonFile = { "AddJsonFile" };
        private static readonly string[] s_templateMarks = { "sample", "example", "template", "dist" };

        private ConfigurationFileLayers(IReadOnlyList<AppSettingsFile> committed, IReadOnlyList<AppSettingsFile> templates)
        {
            Committed = committed;
            Templates = templates;
        }

        /// <summary>Files the app reads that are committed, the one read last (which wins) first.</summary>
        public IReadOnlyList<AppSettingsFile> Committed { get; }

        /// <summary>Templates of files the app reads that are not committed, the one read last first.</summary>
        public IReadOnlyList<AppSettingsFile> Templates { get; }

        public static ConfigurationFileLayers Build(KnownTypes t, ImmutableArray<AdditionalText> additionalFiles, CancellationToken ct)
        {
            if (additionalFiles.IsDefaultOrEmpty)
            {
                return None;
            }

            var committed = new List<AppSettingsFile>();
            var templates = new List<AppSettingsFile>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

            // The Functions host reads local.settings.json before the code runs, so the files the code adds come after it.
            Add(FunctionsSettings, additionalFiles, committed, templates, file => file.SectionAsKeys("Values"), ct);
            foreach (string name in AddedJsonFileNames(t, ct))
            {
                if (AppSettingsFile.EnvironmentOf(name) == null && seen.Add(name))
                {
                    Add(name, additionalFiles, committed, templates, file => file, ct);
                }
            }

            committed.Reverse();
            templates.Reverse();
            return committed.Count == 0 && templates.Count == 0 ? None : new ConfigurationFileLayers(committed, templates);
        }

        private static void Add(string name, ImmutableArray<AdditionalText> files, List<AppSettingsFile> committed, List<AppSettingsFile> templates, Func<AppSettingsFile, AppSettingsFile> view, CancellationToken ct)
        {
            if (Find(files, name) is AdditionalText file)
            {
                committed.Add(view(AppSettingsFile.Read(file, string.Empty, ct)));
                return;
            }

            string stem = Path.GetFileNameWithoutExtension(name);
            string extension = Path.GetExtension(name);
            foreach (string mark in s_templateMarks)
            {
                if ((Find(files, name + "." + mark) ?? Find(files, stem + "." + mark + extension)) is AdditionalText template)
                {
                    templates.Add(view(AppSettingsFile.Read(template, string.Empty, ct)));
                    return;
                }
            }
        }

        /// <summary>The AdditionalFile named <paramref name="name"/>; of several (a linked file), the shortest path is the project's own.</summary>
        private static AdditionalText? Find(ImmutableArray<AdditionalText> files, string name)
        {
            AdditionalText? found = null;
            foreach (AdditionalText file in files)
            {
                if (string.Equals(Path.GetFileName(file.Path), name, StringComparison.OrdinalIgnoreCase) && (found == null || file.Path.Length < found.Path.Length))
                {
                    found = file;
                }
            }

            return found;
        }

        /// <summary>The file names of <c>AddJsonFile("…")</c> calls with a constant path, in source order.</summary>
        private static IEnumerable<string> AddedJsonFileNames(KnownTypes t, CancellationToken ct)
        {
            foreach (IInvocationOperation inv in CompilationInvocations.Named(t.Compilation, s_addJsonFile, ct))
            {
                if (inv.TargetMethod.ContainingType?.Name == "JsonConfigurationExtensions"
                    && InvocationArguments.ArgByOrdinal(inv, 1) is IOperation path && path.ConstantValue.HasValue && path.ConstantValue.Value is string text
                    && text.Length > 0)
                {
                    string name = Path.GetFileName(text.Replace('\\', '/'));
                    if (name.Length > 0)
                    {
                        yield return name;
                    }
                }
            }
        }
    }
}
