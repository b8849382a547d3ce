using System.Text;
using Microsoft.CodeAnalysis.CSharp;

namespace LlmLint.Analyzers.CallSites
{
    /// <summary>The properties an object creation sets (initializer and constructor arguments).</summary>
    internal static partial class ValueResolver
    {
        /// <summary>
        /// Property values set on an object: its initializer, plus simple assignments <c>local.Prop = value</c> in the same
        /// body when the object is held in a local assigned once.
        /// </summary>
        public static Dictionary<string, IOperation> ObjectProperties(IOperation? op, CancellationToken ct)
        {
            var result = new Dictionary<string, IOperation>(System.StringComparer.Ordinal);
            IOperation? unwrapped = Unwrap(op);
            ILocalSymbol? local = (unwrapped as ILocalReferenceOperation)?.Local;
            IOperation? creation = Trace(op, ct);
            IObjectOrCollectionInitializerOperation? init = creation switch
            {
                IObjectCreationOperation oc => oc.Initializer,
                IAnonymousObjectCreationOperation => null,
                _ => null,
            };
            if (creation is IObjectCreationOperation made)
            {
                AddConstructorProperties(made, result);
            }

            if (init != null)
            {
                foreach (IOperation i in init.Initializers)
                {
                    if (i is ISimpleAssignmentOperation a && a.Target is IPropertyReferenceOperation p)
                    {
                        result[p.Property.Name] = a.Value;
                    }
                    else if (i is IMemberInitializerOperation mi && mi.InitializedMember is IPropertyReferenceOperation mp)
                    {
                        result[mp.Property.Name] = mi.Initializer;
                    }
                }
            }

            if (local != null && unwrapped != null)
            {
                foreach (IOperation d in Root(unwrapped).Descendants())
                {
                    if (d is ISimpleAssignmentOperation a && a.Target is IPropertyReferenceOperation p
                        && Unwrap(p.Instance) is ILocalReferenceOperation l && SymbolEqualityComparer.Default.Equals(l.Local, local))
                    {
                        result[p.Property.Name] = a.Value;
                    }
                }
            }

            return result;
        }

        private static bool HasProperty(ITypeSymbol type, string name)
        {
            for (ITypeSymbol? t = type; t != null; t = t.BaseType)
            {
                foreach (ISymbol member in t.GetMembers(name))
                {
                    if (member is IPropertySymbol)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Constructor arguments whose parameter names a property of the created type (<c>new CreateResponseOptions(model,
        /// inputItems)</c> sets <c>Model</c> and <c>InputItems</c>; a record's primary constructor): the property's value.
        /// </summary>
        private static void AddConstructorProperties(IObjectCreationOperation creation, Dictionary<string, IOperation> result)
        {
            if (creation.Type == null)
            {
                return;
            }

            foreach (IArgumentOperation arg in creation.Arguments)
            {
                if (arg.Parameter == null || arg.ArgumentKind == ArgumentKind.DefaultValue || arg.Parameter.Name.Length == 0)
                {
                    continue;
                }

                string property = char.ToUpperInvariant(arg.Parameter.Name[0]) + arg.Parameter.Name.Substring(1);
                if (HasProperty(creation.Type, property))
                {
                    result[property] = arg.Value;
                }
            }
        }
    }
}
