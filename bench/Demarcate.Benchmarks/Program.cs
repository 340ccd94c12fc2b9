using BenchmarkDotNet.Running;
using Demarcate.Benchmarks;

// "proj-compare N proj-output.bin proj-rate" is the C# half of bench/geodesy-vs-proj.sh; anything else goes to BenchmarkDotNet.
if (args.Length > 0 && string.Equals(args[0], "proj-compare", StringComparison.Ordinal))
{
    return ProjComparison.Run(args);
}

if (args.Length > 0 && string.Equals(args[0], "compare-postgis", StringComparison.Ordinal))
{
    return await CompareVsPostgis.RunAsync(args);
}

if (args.Length > 0 && string.Equals(args[0], "tiles-postgis", StringComparison.Ordinal))
{
    return await TilesVsPostgis.RunAsync(args);
}

if (args.Length > 0 && string.Equals(args[0], "attribution-postgis", StringComparison.Ordinal))
{
    return await AttributionVsPostgis.RunAsync(args);
}

if (args.Length > 0 && string.Equals(args[0], "attribution-write", StringComparison.Ordinal))
{
    return await AttributionWrite.RunAsync(args);
}

BenchmarkSwitcher.FromAssembly(typeof(ProjComparison).Assembly).Run(args);
return 0;
