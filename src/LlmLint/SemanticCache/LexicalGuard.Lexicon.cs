namespace LlmLint.SemanticCache;

/// <summary>The guard's word lists: stop words, negations, number words, a gazetteer, synonym groups, and the stemmer.</summary>
public sealed partial class LexicalGuard
{
    private static readonly HashSet<string> Stopwords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "and", "or", "but", "if", "then", "so", "of", "to", "in", "on", "at", "by", "for", "with",
        "from", "into", "onto", "about", "as", "is", "are", "was", "were", "be", "been", "being", "am", "do", "does",
        "did", "done", "doing", "have", "has", "had", "having", "i", "me", "my", "mine", "myself", "you", "your",
        "yours", "we", "our", "us", "he", "she", "it", "its", "they", "them", "their", "this", "that", "these", "those",
        "there", "here", "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "can", "could",
        "would", "should", "will", "shall", "may", "might", "must", "please", "thanks", "thank", "hi", "hello", "hey",
        "just", "also", "still", "yet", "any", "some", "all", "each", "every", "very", "really", "too", "more", "most",
        "much", "many", "such", "than", "out", "up", "down", "over", "again", "ago", "now", "get", "got", "getting",
        "want", "need", "like", "know", "tell", "let", "way", "something", "anything", "thing", "things", "one's",
        "yes", "ok", "okay", "well", "else", "even", "only", "own", "same", "other", "another", "via", "per", "able",
        "is", "s", "im", "i'm", "ive", "i've", "id", "i'd", "it's", "that's", "there's", "what's", "via", "whether",
        "while", "during", "after", "before", "because", "since", "until", "which", "both", "either", "etc", "e.g",
        "given", "use", "used", "using", "make", "made", "provide", "provides", "provided", "include", "includes",
    };

    private static readonly HashSet<string> Negations = new(StringComparer.Ordinal)
    {
        "not", "no", "never", "without", "cannot", "nor", "none", "nothing", "nobody", "neither", "nowhere",
    };

    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6",
        ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12",
        ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15", ["sixteen"] = "16", ["seventeen"] = "17",
        ["eighteen"] = "18", ["nineteen"] = "19", ["twenty"] = "20", ["thirty"] = "30", ["forty"] = "40",
        ["fifty"] = "50", ["sixty"] = "60", ["seventy"] = "70", ["eighty"] = "80", ["ninety"] = "90",
        ["third"] = "3rd", ["fourth"] = "4th", ["fifth"] = "5th", ["twice"] = "2x", ["triple"] = "3x",
    };

    private static readonly HashSet<string> Gazetteer = new(StringComparer.Ordinal)
    {
        "python", "java", "javascript", "typescript", "c#", "c++", "f#", "rust", "golang", "kotlin", "swift", "ruby",
        "php", "perl", "scala", "haskell", "elixir", "erlang", "clojure", "lua", "dart", "julia", "matlab", "fortran",
        "cobol", "bash", "powershell", "sql", "mysql", "postgres", "postgresql", "sqlite", "mongodb", "redis",
        "cassandra", "elasticsearch", "kafka", "docker", "kubernetes", "linux", "windows", "macos", "ubuntu", "debian",
        "android", "ios", "iphone", "ipad", "aws", "azure", "gcp", "react", "angular", "vue", "svelte", "django",
        "flask", "rails", "spring", "dotnet", ".net", "node", "nodejs", "deno", "excel", "word", "outlook", "chrome",
        "firefox", "safari", "edge", "pytorch", "tensorflow", "jax", "keras", "numpy", "pandas", "openai", "anthropic",
        "google", "apple", "microsoft", "amazon", "meta", "netflix", "visa", "mastercard", "amex", "paypal", "stripe",
        "usd", "eur", "gbp", "jpy", "euro", "euros", "dollar", "dollars", "pound", "pounds", "yen", "bitcoin", "crypto",
        "uk", "us", "usa", "eu", "london", "paris", "berlin", "tokyo", "git", "github", "gitlab",
    };

    private static readonly Dictionary<string, string> Synonyms = BuildSynonyms(
        "buy purchas order",
        "refund reimburs",
        "cancel revok terminat abort",
        "arriv come receiv deliver show",
        "fee charg cost price",
        "wrong incorrect mistak erroneous",
        "error issu problem bug",
        "help assist support",
        "big larg huge",
        "small littl tiny",
        "fast quick rapid speedy",
        "start begin commenc",
        "end finish complet conclud",
        "creat make build generat devis",
        "delet remov eras",
        "show display",
        "explain describ",
        "platform repositori hub",
        "state-of-the-art cutting-edg advanc",
        "modifi chang alter updat edit",
        "find locat",
        "allow permit enabl let",
        "need requir",
        "stor sav keep",
        "data dataset",
        "contain includ comprise hold",
        "learn taught teach",
        "setup configur configuration",
        "option choic",
        "purpos aim goal",
        "mobil phone cell",
        "money fund cash",
        "account profil",
        "lost misplac",
        "stolen thiev theft",
        "pend wait processing",
        "declin reject refus deni",
        "verifi confirm validat",
        "exchang conver");


    private static Dictionary<string, string> BuildSynonyms(params string[] groups)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string group in groups)
        {
            string[] words = group.Split(' ');
            foreach (string word in words)
            {
                map[word] = words[0];
            }
        }

        return map;
    }

    /// <summary>Light suffix stripping: plural, -ing, -ed, -ly, a final e; enough to fold inflections of the same word.</summary>
    internal static string Stem(string word)
    {
        if (word.Length <= 3 || !char.IsLetter(word[^1]))
        {
            return word;
        }

        string w = word;
        if (w.EndsWith("'s", StringComparison.Ordinal))
        {
            w = w[..^2];
        }

        if (w.EndsWith("ies", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^3] + "y";
        }
        else if (w.EndsWith("sses", StringComparison.Ordinal))
        {
            w = w[..^2];
        }
        else if (w.EndsWith('s') && !w.EndsWith("ss", StringComparison.Ordinal) && !w.EndsWith("us", StringComparison.Ordinal) && !w.EndsWith("is", StringComparison.Ordinal))
        {
            w = w[..^1];
        }

        if (w.EndsWith("ing", StringComparison.Ordinal) && w.Length > 5)
        {
            w = w[..^3];
        }
        else if (w.EndsWith("ed", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^2];
        }
        else if (w.EndsWith("ly", StringComparison.Ordinal) && w.Length > 4)
        {
            w = w[..^2];
        }

        if (w.Length > 3 && w[^1] == 'e')
        {
            w = w[..^1];
        }

        if (w.Length > 3 && w[^1] == w[^2] && w[^1] is not ('s' or 'l'))
        {
            w = w[..^1]; // stopped -> stopp -> stop
        }

        return w;
    }
}
