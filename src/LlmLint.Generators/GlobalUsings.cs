// The namespaces most of this project's files use; a file adds only what is particular to it.
global using System;
global using System.Collections.Generic;
global using System.Text;
global using LlmLint.Generators.Model;
global using Microsoft.CodeAnalysis;
