using Monitor.Benchmarks;

// Benchmarks print figures; they are not timed tests.
// Run: dotnet run -c Release --project benchmarks/Monitor.Benchmarks -- <command> (see Usage below)
return args switch
{
    ["load", ..] => await LoadBenchmark.RunAsync(args[1..]),
    ["postqueue", ..] => await PostqueueBenchmark.RunAsync(args[1..]),
    ["storage", ..] => await StorageCycleBenchmark.RunAsync(args[1..]),
    ["detection", ..] => DetectionBenchmark.Run(args[1..]),
    ["merge", ..] => MergeBenchmark.Run(args[1..]),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("""
        usage: Monitor.Benchmarks storage [cycles]
               Monitor.Benchmarks postqueue [messages]
               Monitor.Benchmarks detection [cycles]
               Monitor.Benchmarks merge [points] [runs]
               Monitor.Benchmarks load [agents] [seconds] [sqlite|postgresql|both] [interval]
        """);
    return 2;
}
