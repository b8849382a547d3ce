namespace LlmLint.Analyzers.CallSites
{
    /// <summary>
    /// Collects the prompt text that reaches a call: prompt strings, message objects of every SDK, chat histories built
    /// with <c>Add…Message</c>, and counts the messages it sees.
    /// </summary>
    internal sealed class PromptCollector
    {
        private readonly ImmutableArray<PromptSegment>.Builder _segments = ImmutableArray.CreateBuilder<PromptSegment>();
        private int _messageCount;
        private bool _hasUnknownMessages;

        public PromptInfo ToPromptInfo() => new PromptInfo(_segments.ToImmutable(), _messageCount, _hasUnknownMessages);

        /// <summary>Marks that some messages come from somewhere the collector cannot see into.</summary>
        public void MarkUnknownMessages() => _hasUnknownMessages = true;

        /// <summary>Adds one prompt string (a message of its own).</summary>
        public void AddMessage(IOperation value, PromptRole role, CancellationToken ct)
        {
            _messageCount++;
            AddText(value, role, ct);
        }

        /// <summary>Adds text that belongs to a message already counted, or to the options (instructions, system).</summary>
        public void AddText(IOperation value, PromptRole role, CancellationToken ct)
        {
            FoldedString? f = ValueResolver.FoldString(value, ct);
            if (f != null)
            {
                _segments.Add(new PromptSegment(f, role));
            }
        }

        /// <summary>Adds the messages of a message, a message collection or a chat history.</summary>
        public void AddMessages(IOperation value, KnownTypes t, CancellationToken ct)
        {
            IOperation? unwrapped = ValueResolver.Unwrap(value);
            IOperation? traced = ValueResolver.Trace(value, ct);
            if (traced == null)
            {
                _hasUnknownMessages = true;
                return;
            }

            var roots = new List<IOperation> { traced };
            if (unwrapped is ILocalReferenceOperation local)
            {
                // messages.Add(...), history.AddUserMessage(...)
                foreach (IOperation d in ValueResolver.Root(unwrapped).Descendants())
                {
                    if (d is IInvocationOperation call && call.TargetMethod.Name.StartsWith("Add", StringComparison.Ordinal)
                        && ValueResolver.Unwrap(call.Instance) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local.Local))
                    {
                        roots.Add(call);
                    }
                }
            }

            bool any = false;
            foreach (IOperation root in roots)
            {
                if (root is IInvocationOperation add && add.Instance != null && HistoryAddRole(add.TargetMethod.Name) is PromptRole addRole)
                {
                    foreach (IArgumentOperation a in add.Arguments)
                    {
                        if (a.Parameter?.Type.SpecialType == SpecialType.System_String)
                        {
                            AddMessage(a.Value, addRole, ct);
                            any = true;
                        }
                    }

                    continue;
                }

                any |= AddMessagesUnder(root, t, ct);
            }

            if (!any && roots.Count == 1 && traced is not IObjectCreationOperation && traced is not IArrayCreationOperation)
            {
                _hasUnknownMessages = true;
            }
        }

        /// <summary>How many message locals deep (<c>var m = ChatMessage.CreateUserMessage(p); … [m]</c>) messages are followed.</summary>
        private const int MaxMessageLocalDepth = 3;

        private bool AddMessagesUnder(IOperation root, KnownTypes t, CancellationToken ct, int depth = 0)
        {
            bool any = false;
            foreach (IOperation d in root.DescendantsAndSelf())
            {
                if (d is ILocalReferenceOperation message && d != root && depth < MaxMessageLocalDepth && IsMessageType(message.Type, t)
                    && ValueResolver.Trace(message, ct) is IOperation assigned && assigned != message)
                {
                    // A message built in a local and put in the list: [message], new[] { system, user }.
                    any |= AddMessagesUnder(assigned, t, ct, depth + 1);
                }
                else if (d is IObjectCreationOperation history && KnownTypes.IsOrInherits(history.Type, t.SkChatHistory))
                {
                    foreach (IArgumentOperation a in history.Arguments)
                    {
                        if (a.Parameter?.Type.SpecialType == SpecialType.System_String)
                        {
                            AddMessage(a.Value, PromptRole.System, ct);
                        }
                    }

                    any = true;
                }
                else if (d is IObjectCreationOperation oc && IsMessageType(oc.Type, t))
                {
                    any = true;
                    _messageCount++;
                    PromptRole role = RoleOf(oc.Type!, oc);
                    foreach (IArgumentOperation a in oc.Arguments)
                    {
                        if (a.Parameter?.Type.SpecialType == SpecialType.System_String || ValueResolver.Unwrap(a.Value)?.Type?.SpecialType == SpecialType.System_String)
                        {
                            AddText(a.Value, role, ct);
                        }
                    }

                    Dictionary<string, IOperation> p = ValueResolver.ObjectProperties(oc, ct);
                    if (p.TryGetValue("Content", out IOperation? content) || p.TryGetValue("Text", out content))
                    {
                        AddText(content, role, ct);
                    }
                }
                else if (d is IInvocationOperation f && f.TargetMethod.IsStatic && IsMessageType(f.TargetMethod.ReturnType, t))
                {
                    any = true;
                    _messageCount++;
                    PromptRole role = RoleOfFactory(f.TargetMethod.Name);
                    foreach (IArgumentOperation a in f.Arguments)
                    {
                        if (a.Parameter?.Type.SpecialType == SpecialType.System_String)
                        {
                            AddText(a.Value, role, ct);
                        }
                    }
                }
                else if (d is IInvocationOperation inv && inv.TargetMethod.Name == "AddRange")
                {
                    _hasUnknownMessages = true;
                }
            }

            return any;
        }

        /// <summary>An array or single-type-argument collection of <paramref name="element"/> (or a subtype).</summary>
        public static bool IsEnumerableOf(ITypeSymbol type, INamedTypeSymbol? element)
        {
            if (element == null)
            {
                return false;
            }

            if (type is IArrayTypeSymbol arr)
            {
                return KnownTypes.IsOrInherits(arr.ElementType, element);
            }

            if (type is INamedTypeSymbol nt && nt.TypeArguments.Length == 1 && KnownTypes.IsOrInherits(nt.TypeArguments[0], element))
            {
                return true;
            }

            return false;
        }

        private static PromptRole? HistoryAddRole(string name) => name switch
        {
            "AddSystemMessage" or "AddDeveloperMessage" => PromptRole.System,
            "AddUserMessage" => PromptRole.User,
            "AddAssistantMessage" => PromptRole.Assistant,
            _ => null,
        };

        private static PromptRole RoleOfFactory(string name) =>
            name.IndexOf("System", StringComparison.Ordinal) >= 0 || name.IndexOf("Developer", StringComparison.Ordinal) >= 0 ? PromptRole.System
            : name.IndexOf("Assistant", StringComparison.Ordinal) >= 0 ? PromptRole.Assistant
            : PromptRole.User;

        private static bool IsMessageType(ITypeSymbol? type, KnownTypes t)
        {
            if (type == null)
            {
                return false;
            }

            if (KnownTypes.IsOrInherits(type, t.MeaiChatMessage) || KnownTypes.IsOrInherits(type, t.OpenAIChatMessage))
            {
                return true;
            }

            string? ns = type.ContainingNamespace?.ToDisplayString();
            return ((ns == "Anthropic.Models.Messages" || ns == "Anthropic.Models.Beta.Messages") && type.Name.EndsWith("MessageParam", StringComparison.Ordinal))
                || (ns == "Microsoft.SemanticKernel" && type.Name == "ChatMessageContent")
                || (ns == "OpenAI.Responses" && type.Name.EndsWith("ResponseItem", StringComparison.Ordinal));
        }

        private static PromptRole RoleOf(ITypeSymbol type, IOperation creation)
        {
            // Anthropic's beta message types carry a "Beta" prefix: BetaUserMessageParam.
            string n = type.Name.StartsWith("Beta", StringComparison.Ordinal) ? type.Name.Substring(4) : type.Name;
            if (n.StartsWith("System", StringComparison.Ordinal) || n.StartsWith("Developer", StringComparison.Ordinal))
            {
                return PromptRole.System;
            }

            if (n.StartsWith("User", StringComparison.Ordinal))
            {
                return PromptRole.User;
            }

            if (n.StartsWith("Assistant", StringComparison.Ordinal))
            {
                return PromptRole.Assistant;
            }

            // new ChatMessage(ChatRole.System, ...), new() { Role = Role.User, ... }, AuthorRole.System
            foreach (IOperation d in creation.Descendants())
            {
                string? member = d switch
                {
                    IPropertyReferenceOperation p when p.Instance == null => p.Property.Name,
                    IFieldReferenceOperation f => f.Field.Name,
                    _ => null,
                };
                switch (member)
                {
                    case "System":
                    case "Developer":
                        return PromptRole.System;
                    case "User":
                        return PromptRole.User;
                    case "Assistant":
                        return PromptRole.Assistant;
                }
            }

            return PromptRole.Unknown;
        }
    }
}
