using Anneal.Cli;

// Console.Out and Console.Error: AnnealApp writes rows in large chunks, and Spectre sizes help to the terminal.
return AnnealApp.Run(args, Console.Out, Console.Error);
