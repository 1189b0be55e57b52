using Monitor.Benchmarks;

// Benchmarks print figures; they are not timed tests.
// Run: dotnet run -c Release --project benchmarks/Monitor.Benchmarks -- postqueue [messages]
return args is ["postqueue", ..] ? await PostqueueBenchmark.RunAsync(args[1..]) : Usage();

static int Usage()
{
    Console.Error.WriteLine("usage: Monitor.Benchmarks postqueue [messages]");
    return 2;
}
