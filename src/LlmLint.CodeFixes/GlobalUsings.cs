// The namespaces most of this project's files use; a file adds only what is particular to it.
global using System.Collections.Immutable;
global using System.Composition;
global using System.Threading;
global using System.Threading.Tasks;
global using LlmLint.Diagnostics;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.CSharp;
global using Microsoft.CodeAnalysis.CSharp.Syntax;
global using Microsoft.CodeAnalysis.CodeActions;
global using Microsoft.CodeAnalysis.CodeFixes;
global using Microsoft.CodeAnalysis.Text;
