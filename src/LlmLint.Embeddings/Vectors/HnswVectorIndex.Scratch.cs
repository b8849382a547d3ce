namespace LlmLint.Vectors;
/// <summary>Per-thread working memory of searches and inserts, the shared counter of a parallel build, and a query's codes.</summary>
public sealed partial class HnswVectorIndex
{
    /// <summary>Workers take the next unlinked node from a shared counter, so nodes are linked roughly in order.</summary>
    private sealed class LinkJob
    {
        private readonly HnswVectorIndex _index;
        private readonly int _end;
        private int _next;

        public LinkJob(HnswVectorIndex index, int first, int end)
        {
            _index = index;
            _next = first;
            _end = end;
            Run = RunWorker;
        }

        public Action<int> Run { get; }

        private void RunWorker(int worker)
        {
            Scratch scratch = t_scratch ??= new Scratch();
            int node;
            while ((node = Interlocked.Increment(ref _next) - 1) < _end)
            {
                _index.Link(node, scratch);
            }
        }
    }

    private sealed class Scratch
    {
        private int _stamp;

        public float[] Query { get; private set; } = Array.Empty<float>();

        public float[] Projected { get; private set; } = Array.Empty<float>();

        public sbyte[] QueryCodes { get; private set; } = Array.Empty<sbyte>();

        public short[] QueryWide { get; private set; } = Array.Empty<short>();

        public short[] FromWide { get; private set; } = Array.Empty<short>();

        public short[] CandidateWide { get; private set; } = Array.Empty<short>();

        /// <summary>
        /// Gets the visit marks of the current walk: a node is visited when its byte equals the current stamp. One byte
        /// per node keeps the array of a million-node graph in the core's L2 cache; the marks are cleared every 255 walks.
        /// </summary>
        public byte[] Visited { get; private set; } = Array.Empty<byte>();

        public PriorityQueue<int, float> Candidates { get; } = new();

        public PriorityQueue<int, float> Results { get; } = new();

        public List<(int Node, float Similarity)> Found { get; } = new();

        public List<(int Node, float Similarity)> Pool { get; } = new();

        private readonly List<int>[] _selected = new List<int>[MaxLevel + 1];

        /// <summary>The links chosen for the node being inserted on one layer.</summary>
        public List<int> SelectedOn(int level) => _selected[level] ??= new List<int>();

        public List<int> PoolSelected { get; } = new();

        private int _self;
        private Predicate<(int Node, float Similarity)>? _isSelf;

        public Predicate<(int Node, float Similarity)> IsSelf(int node)
        {
            _self = node;
            return _isSelf ??= item => item.Node == _self;
        }

        public void Prepare(int dimensions)
        {
            if (Query.Length < dimensions)
            {
                Query = new float[dimensions];
                Projected = new float[dimensions];
                QueryCodes = new sbyte[dimensions];
                QueryWide = new short[dimensions];
                FromWide = new short[dimensions];
                CandidateWide = new short[dimensions];
            }
        }

        public byte NextStamp(int nodes)
        {
            if (Visited.Length < nodes)
            {
                Visited = new byte[Math.Max(nodes, Visited.Length * 2)];
                _stamp = 0;
            }

            if (++_stamp > byte.MaxValue)
            {
                Array.Clear(Visited);
                _stamp = 1;
            }

            return (byte)_stamp;
        }
    }

    /// <summary>
    /// A query prepared for int8 similarity: its codes widened to int16 and its scale, and the code table it is scored
    /// against (the full codes, or the projected codes of the walk: rows of <c>Length</c> bytes from <c>Offset</c>).
    /// <c>Scales</c> holds the per-node scales of the full codes; it is null for the projected codes, whose per-direction
    /// steps are folded into the query.
    /// </summary>
    private readonly record struct CodeQuery(short[] Wide, float Scale, sbyte[] Codes, float[]? Scales, int Length, int Offset);
}
