// The namespaces most of this project's files use; a file adds only what is particular to it.
global using System;
global using System.Collections.Generic;
global using System.Threading;
global using System.Threading.Tasks;
global using LlmLint.Stores;
global using Microsoft.Data.Sqlite;
