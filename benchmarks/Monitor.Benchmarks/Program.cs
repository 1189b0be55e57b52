using Monitor.Benchmarks;

// Benchmarks print figures; they are not timed tests.
// Run: dotnet run -c Release --project benchmarks/Monitor.Benchmarks -- <storage [cycles] | postqueue [messages] | detection [cycles]>
return args switch
{
    ["postqueue", ..] => await PostqueueBenchmark.RunAsync(args[1..]),
    ["storage", ..] => await StorageCycleBenchmark.RunAsync(args[1..]),
    ["detection", ..] => DetectionBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Monitor.Benchmarks storage [cycles] | postqueue [messages] | detection [cycles]");
    return 2;
}
