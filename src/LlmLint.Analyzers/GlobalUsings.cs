// The namespaces most of the analyzers' files use; a file adds only what is particular to it.
global using System;
global using System.Collections.Generic;
global using System.Collections.Immutable;
global using System.Threading;
global using LlmLint.Analyzers.CallSites;
global using LlmLint.Catalog;
global using LlmLint.Diagnostics;
global using Microsoft.CodeAnalysis;
global using Microsoft.CodeAnalysis.CSharp.Syntax;
global using Microsoft.CodeAnalysis.Diagnostics;
global using Microsoft.CodeAnalysis.Operations;
