using System.IO;

namespace LlmLint.Embeddings;

/// <summary>
/// Finds the local USE-lite model: the folder <c>LLMLINT_EMBEDDING_MODEL</c> names, else the files the
/// <c>LlmLint.Embeddings.UseLite</c> package puts in the application's folder. It never searches anywhere else.
/// </summary>
public static class EmbeddingModelLocator
{
    /// <summary>The environment variable that names the model folder.</summary>
    public const string EnvironmentVariable = "LLMLINT_EMBEDDING_MODEL";

    /// <summary>The NuGet package that carries the model files.</summary>
    public const string PackageId = "LlmLint.Embeddings.UseLite";

    /// <summary>Where the package puts the model, relative to the application's folder.</summary>
    public static readonly string PackagedModelPath = Path.Combine("llmlint-models", "use-lite");

    /// <summary>
    /// Returns the model folder: <c>LLMLINT_EMBEDDING_MODEL</c> when set, otherwise <c>llmlint-models/use-lite</c> under
    /// <see cref="AppContext.BaseDirectory"/> (where the <c>LlmLint.Embeddings.UseLite</c> package copies it).
    /// </summary>
    /// <exception cref="EmbeddingModelException">
    /// No model was found (the message says where it looked), or the environment variable names a folder without one.
    /// </exception>
    public static string Locate() => Locate(Environment.GetEnvironmentVariable(EnvironmentVariable), AppContext.BaseDirectory);

    /// <summary>Returns the model folder from an explicit folder (when not blank) or an application folder.</summary>
    /// <param name="configured">A folder named by the user (the environment variable); blank when none.</param>
    /// <param name="applicationDirectory">The folder the package copies the model into.</param>
    /// <exception cref="EmbeddingModelException">No <c>model.json</c> where the folder says, or none at all.</exception>
    public static string Locate(string? configured, string applicationDirectory)
    {
        ArgumentNullException.ThrowIfNull(applicationDirectory);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            string full = Path.GetFullPath(configured);
            string named = Path.Combine(full, "model.json");
            if (!File.Exists(named))
            {
                throw new EmbeddingModelException(
                    $"{EnvironmentVariable} is '{configured}', but '{named}' was not found; expected the USE-lite model folder (model.json, weight shards, vocab.json).",
                    named);
            }

            return full;
        }

        string packaged = Path.Combine(applicationDirectory, PackagedModelPath);
        string packagedModel = Path.Combine(packaged, "model.json");
        return File.Exists(packagedModel)
            ? packaged
            : throw new EmbeddingModelException(
                $"The local embedding model was not found at '{packagedModel}'. Add the {PackageId} package to the application " +
                $"(it copies the model there), or set LocalEmbeddingOptions.ModelDirectory or {EnvironmentVariable} to the model folder.",
                packagedModel);
    }
}
