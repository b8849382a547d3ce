namespace LlmLint.CodeFixes
{
    /// <summary>The source location a diagnostic names for its fix (<c>AdditionalLocations[0]</c>) and the document holding it.</summary>
    internal static class FixTarget
    {
        /// <summary>The document and location of the fix target, or null when the diagnostic names none in this solution.</summary>
        public static (Document Document, Location Location)? Find(Solution solution, Diagnostic diagnostic)
        {
            if (diagnostic.AdditionalLocations.Count == 0)
            {
                return null;
            }

            Location target = diagnostic.AdditionalLocations[0];
            Document? doc = target.IsInSource && target.SourceTree != null ? solution.GetDocument(target.SourceTree) : null;
            return doc == null ? null : (doc, target);
        }
    }
}
