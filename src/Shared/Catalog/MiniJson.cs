#nullable enable

using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmLint.Catalog
{
    /// <summary>The kind of a <see cref="MiniJsonNode"/>.</summary>
    internal enum MiniJsonKind
    {
        Null,
        Boolean,
        Number,
        String,
        Array,
        Object,
    }

    /// <summary>
    /// A parsed JSON value. Numbers keep their source text so they can be read as
    /// <see cref="decimal"/> without a round trip through <see cref="double"/>.
    /// </summary>
    internal sealed class MiniJsonNode
    {
        private static readonly IReadOnlyList<MiniJsonNode> EmptyItems = new MiniJsonNode[0];
        private static readonly IReadOnlyList<KeyValuePair<string, MiniJsonNode>> EmptyProperties = new KeyValuePair<string, MiniJsonNode>[0];

        private readonly string? _text;
        private readonly bool _bool;
        private readonly IReadOnlyList<MiniJsonNode>? _items;
        private readonly IReadOnlyList<KeyValuePair<string, MiniJsonNode>>? _properties;

        private MiniJsonNode(MiniJsonKind kind, int line, int column, string? text, bool b, IReadOnlyList<MiniJsonNode>? items, IReadOnlyList<KeyValuePair<string, MiniJsonNode>>? properties)
        {
            Kind = kind;
            Line = line;
            Column = column;
            _text = text;
            _bool = b;
            _items = items;
            _properties = properties;
        }

        public MiniJsonKind Kind { get; }

        /// <summary>1-based line of the value's first character.</summary>
        public int Line { get; }

        /// <summary>1-based column of the value's first character.</summary>
        public int Column { get; }

        /// <summary>String value, or the raw source text of a number.</summary>
        public string Text => _text ?? string.Empty;

        public bool BooleanValue => _bool;

        public IReadOnlyList<MiniJsonNode> Items => _items ?? EmptyItems;

        /// <summary>Object members in source order (keys are unique).</summary>
        public IReadOnlyList<KeyValuePair<string, MiniJsonNode>> Properties => _properties ?? EmptyProperties;

        public string KindName
        {
            get
            {
                switch (Kind)
                {
                    case MiniJsonKind.Null: return "null";
                    case MiniJsonKind.Boolean: return "boolean";
                    case MiniJsonKind.Number: return "number";
                    case MiniJsonKind.String: return "string";
                    case MiniJsonKind.Array: return "array";
                    default: return "object";
                }
            }
        }

        /// <summary>Finds an object member by exact (ordinal) key.</summary>
        public MiniJsonNode? Get(string key)
        {
            if (_properties == null)
            {
                return null;
            }

            for (int i = 0; i < _properties.Count; i++)
            {
                if (string.Equals(_properties[i].Key, key, StringComparison.Ordinal))
                {
                    return _properties[i].Value;
                }
            }

            return null;
        }

        public bool TryGetDecimal(out decimal value)
        {
            value = 0m;
            return Kind == MiniJsonKind.Number
                && decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        public bool TryGetDouble(out double value)
        {
            value = 0d;
            return Kind == MiniJsonKind.Number
                && double.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        }

        public bool TryGetInt32(out int value)
        {
            value = 0;
            if (Kind != MiniJsonKind.Number)
            {
                return false;
            }

            if (int.TryParse(Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
            {
                return true;
            }

            // Accept integral values written as 1.0 or 1e6.
            if (decimal.TryParse(Text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d)
                && d == decimal.Truncate(d) && d >= int.MinValue && d <= int.MaxValue)
            {
                value = (int)d;
                return true;
            }

            return false;
        }

        internal static MiniJsonNode CreateNull(int line, int column) => new MiniJsonNode(MiniJsonKind.Null, line, column, null, false, null, null);

        internal static MiniJsonNode CreateBoolean(bool value, int line, int column) => new MiniJsonNode(MiniJsonKind.Boolean, line, column, null, value, null, null);

        internal static MiniJsonNode CreateNumber(string text, int line, int column) => new MiniJsonNode(MiniJsonKind.Number, line, column, text, false, null, null);

        internal static MiniJsonNode CreateString(string text, int line, int column) => new MiniJsonNode(MiniJsonKind.String, line, column, text, false, null, null);

        internal static MiniJsonNode CreateArray(List<MiniJsonNode> items, int line, int column) => new MiniJsonNode(MiniJsonKind.Array, line, column, null, false, items, null);

        internal static MiniJsonNode CreateObject(List<KeyValuePair<string, MiniJsonNode>> properties, int line, int column) => new MiniJsonNode(MiniJsonKind.Object, line, column, null, false, null, properties);
    }

    /// <summary>Thrown by <see cref="MiniJson.Parse"/> for malformed JSON.</summary>
    internal sealed class MiniJsonException : Exception
    {
        public MiniJsonException(string message, int line, int column)
            : base(message)
        {
            Line = line;
            Column = column;
        }

        public int Line { get; }

        public int Column { get; }
    }

    /// <summary>
    /// A small, strict RFC 8259 JSON reader with no dependencies, usable from netstandard2.0
    /// (Roslyn analyzers cannot rely on System.Text.Json). Accepts a leading UTF-8 BOM;
    /// rejects comments, trailing commas, duplicate object keys and trailing content.
    /// </summary>
    internal static class MiniJson
    {
        private const int MaxDepth = 64;

        public static MiniJsonNode Parse(string json)
        {
            if (json == null)
            {
                throw new ArgumentNullException(nameof(json));
            }

            var reader = new Reader(json);
            reader.SkipWhitespace();
            MiniJsonNode root = reader.ReadValue(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error("unexpected content after the end of the JSON document");
            }

            return root;
        }

        private sealed class Reader
        {
            private readonly string _s;
            private int _pos;
            private int _line = 1;
            private int _lineStart;

            public Reader(string s)
            {
                _s = s;
                if (s.Length > 0 && s[0] == '\uFEFF')
                {
                    _pos = 1;
                    _lineStart = 1;
                }
            }

            public bool AtEnd => _pos >= _s.Length;

            private int Column => _pos - _lineStart + 1;

            public MiniJsonException Error(string message) => Error(message, _line, Column);

            public MiniJsonException Error(string message, int line, int column) =>
                new MiniJsonException(
                    "invalid JSON at line " + line.ToString(CultureInfo.InvariantCulture) +
                    ", column " + column.ToString(CultureInfo.InvariantCulture) + ": " + message,
                    line,
                    column);

            public void SkipWhitespace()
            {
                while (_pos < _s.Length)
                {
                    char c = _s[_pos];
                    if (c == '\n')
                    {
                        _pos++;
                        _line++;
                        _lineStart = _pos;
                    }
                    else if (c == ' ' || c == '\t' || c == '\r')
                    {
                        _pos++;
                    }
                    else
                    {
                        break;
                    }
                }
            }

            public MiniJsonNode ReadValue(int depth)
            {
                if (_pos >= _s.Length)
                {
                    throw Error("unexpected end of input, expected a value");
                }

                int line = _line;
                int col = Column;
                char c = _s[_pos];
                switch (c)
                {
                    case '{':
                        return ReadObject(depth + 1, line, col);
                    case '[':
                        return ReadArray(depth + 1, line, col);
                    case '"':
                        return MiniJsonNode.CreateString(ReadString(), line, col);
                    case 't':
                        ExpectLiteral("true");
                        return MiniJsonNode.CreateBoolean(true, line, col);
                    case 'f':
                        ExpectLiteral("false");
                        return MiniJsonNode.CreateBoolean(false, line, col);
                    case 'n':
                        ExpectLiteral("null");
                        return MiniJsonNode.CreateNull(line, col);
                    default:
                        if (c == '-' || (c >= '0' && c <= '9'))
                        {
                            return MiniJsonNode.CreateNumber(ReadNumber(), line, col);
                        }

                        throw Error("unexpected character '" + Printable(c) + "', expected a value");
                }
            }

            private MiniJsonNode ReadObject(int depth, int line, int col)
            {
                if (depth > MaxDepth)
                {
                    throw Error("nesting is too deep");
                }

                _pos++; // '{'
                var props = new List<KeyValuePair<string, MiniJsonNode>>();
                HashSet<string>? seen = null;
                SkipWhitespace();
                if (_pos < _s.Length && _s[_pos] == '}')
                {
                    _pos++;
                    return MiniJsonNode.CreateObject(props, line, col);
                }

                while (true)
                {
                    SkipWhitespace();
                    if (_pos >= _s.Length || _s[_pos] != '"')
                    {
                        throw Error(_pos >= _s.Length ? "unexpected end of input, expected a property name" : "expected a property name in double quotes");
                    }

                    int keyLine = _line;
                    int keyCol = Column;
                    string key = ReadString();
                    seen ??= new HashSet<string>(StringComparer.Ordinal);
                    if (!seen.Add(key))
                    {
                        throw Error("duplicate property \"" + key + "\"", keyLine, keyCol);
                    }

                    SkipWhitespace();
                    if (_pos >= _s.Length || _s[_pos] != ':')
                    {
                        throw Error("expected ':' after property name \"" + key + "\"");
                    }

                    _pos++;
                    SkipWhitespace();
                    MiniJsonNode value = ReadValue(depth);
                    props.Add(new KeyValuePair<string, MiniJsonNode>(key, value));
                    SkipWhitespace();
                    if (_pos >= _s.Length)
                    {
                        throw Error("unexpected end of input, expected ',' or '}'");
                    }

                    char c = _s[_pos];
                    if (c == ',')
                    {
                        _pos++;
                        continue;
                    }

                    if (c == '}')
                    {
                        _pos++;
                        return MiniJsonNode.CreateObject(props, line, col);
                    }

                    throw Error("expected ',' or '}' but found '" + Printable(c) + "'");
                }
            }

            private MiniJsonNode ReadArray(int depth, int line, int col)
            {
                if (depth > MaxDepth)
                {
                    throw Error("nesting is too deep");
                }

                _pos++; // '['
                var items = new List<MiniJsonNode>();
                SkipWhitespace();
                if (_pos < _s.Length && _s[_pos] == ']')
                {
                    _pos++;
                    return MiniJsonNode.CreateArray(items, line, col);
                }

                while (true)
                {
                    SkipWhitespace();
                    items.Add(ReadValue(depth));
                    SkipWhitespace();
                    if (_pos >= _s.Length)
                    {
                        throw Error("unexpected end of input, expected ',' or ']'");
                    }

                    char c = _s[_pos];
                    if (c == ',')
                    {
                        _pos++;
                        continue;
                    }

                    if (c == ']')
                    {
                        _pos++;
                        return MiniJsonNode.CreateArray(items, line, col);
                    }

                    throw Error("expected ',' or ']' but found '" + Printable(c) + "'");
                }
            }

            private string ReadString()
            {
                _pos++; // opening quote
                StringBuilder? sb = null;
                int runStart = _pos;
                while (true)
                {
                    if (_pos >= _s.Length)
                    {
                        throw Error("unterminated string");
                    }

                    char c = _s[_pos];
                    if (c == '"')
                    {
                        string result;
                        if (sb == null)
                        {
                            result = _s.Substring(runStart, _pos - runStart);
                        }
                        else
                        {
                            sb.Append(_s, runStart, _pos - runStart);
                            result = sb.ToString();
                        }

                        _pos++;
                        return result;
                    }

                    if (c < ' ')
                    {
                        throw Error("control character in string (use an escape sequence)");
                    }

                    if (c != '\\')
                    {
                        _pos++;
                        continue;
                    }

                    sb ??= new StringBuilder();
                    sb.Append(_s, runStart, _pos - runStart);
                    _pos++;
                    if (_pos >= _s.Length)
                    {
                        throw Error("unterminated string");
                    }

                    char e = _s[_pos];
                    switch (e)
                    {
                        case '"': sb.Append('"'); break;
                        case '\\': sb.Append('\\'); break;
                        case '/': sb.Append('/'); break;
                        case 'b': sb.Append('\b'); break;
                        case 'f': sb.Append('\f'); break;
                        case 'n': sb.Append('\n'); break;
                        case 'r': sb.Append('\r'); break;
                        case 't': sb.Append('\t'); break;
                        case 'u':
                            if (_pos + 4 >= _s.Length)
                            {
                                throw Error("incomplete \\u escape");
                            }

                            int code = 0;
                            for (int i = 1; i <= 4; i++)
                            {
                                int h = HexValue(_s[_pos + i]);
                                if (h < 0)
                                {
                                    throw Error("invalid \\u escape");
                                }

                                code = (code << 4) | h;
                            }

                            sb.Append((char)code);
                            _pos += 4;
                            break;
                        default:
                            throw Error("invalid escape sequence '\\" + Printable(e) + "'");
                    }

                    _pos++;
                    runStart = _pos;
                }
            }

            private string ReadNumber()
            {
                int start = _pos;
                if (_s[_pos] == '-')
                {
                    _pos++;
                }

                if (_pos >= _s.Length || !IsDigit(_s[_pos]))
                {
                    throw Error("invalid number");
                }

                if (_s[_pos] == '0')
                {
                    _pos++;
                    if (_pos < _s.Length && IsDigit(_s[_pos]))
                    {
                        throw Error("invalid number (leading zero)");
                    }
                }
                else
                {
                    while (_pos < _s.Length && IsDigit(_s[_pos]))
                    {
                        _pos++;
                    }
                }

                if (_pos < _s.Length && _s[_pos] == '.')
                {
                    _pos++;
                    if (_pos >= _s.Length || !IsDigit(_s[_pos]))
                    {
                        throw Error("invalid number (digit expected after '.')");
                    }

                    while (_pos < _s.Length && IsDigit(_s[_pos]))
                    {
                        _pos++;
                    }
                }

                if (_pos < _s.Length && (_s[_pos] == 'e' || _s[_pos] == 'E'))
                {
                    _pos++;
                    if (_pos < _s.Length && (_s[_pos] == '+' || _s[_pos] == '-'))
                    {
                        _pos++;
                    }

                    if (_pos >= _s.Length || !IsDigit(_s[_pos]))
                    {
                        throw Error("invalid number (digit expected in exponent)");
                    }

                    while (_pos < _s.Length && IsDigit(_s[_pos]))
                    {
                        _pos++;
                    }
                }

                return _s.Substring(start, _pos - start);
            }

            private void ExpectLiteral(string literal)
            {
                if (string.CompareOrdinal(_s, _pos, literal, 0, literal.Length) != 0)
                {
                    throw Error("unexpected token, expected '" + literal + "'");
                }

                _pos += literal.Length;
            }

            private static bool IsDigit(char c) => c >= '0' && c <= '9';

            private static int HexValue(char c)
            {
                if (c >= '0' && c <= '9')
                {
                    return c - '0';
                }

                if (c >= 'a' && c <= 'f')
                {
                    return c - 'a' + 10;
                }

                if (c >= 'A' && c <= 'F')
                {
                    return c - 'A' + 10;
                }

                return -1;
            }

            private static string Printable(char c) =>
                c < ' ' ? "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture) : c.ToString();
        }
    }
}
