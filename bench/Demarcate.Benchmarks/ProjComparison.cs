using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using Demarcate.Core.Geodesy;

namespace Demarcate.Benchmarks;

/// <summary>
/// Our side of bench/geodesy-vs-proj.sh: the same generated points through EPSG:28408 → EPSG:32638 via EPSG:15865,
/// timed on one thread, then compared point by point with PROJ's output from the same run.
/// </summary>
internal static class ProjComparison
{
    public static int Run(string[] args)
    {
        var n = int.Parse(args[1], CultureInfo.InvariantCulture);
        var projOutput = args[2];
        var projRate = double.Parse(args[3], CultureInfo.InvariantCulture);

        var northing = new double[n];
        var easting = new double[n];
        var random = new SplitMix64(0x5DEECE66DUL);
        for (var i = 0; i < n; i++)
        {
            northing[i] = 4300000 + 550000 * random.NextUnit();
            easting[i] = 8280000 + 440000 * random.NextUnit();
        }

        var source = CrsRegistry.Standard.Find(CrsCode.Epsg(28408))!;
        var target = CrsRegistry.Standard.Find(CrsCode.Epsg(32638))!;
        var operation = CoordinateOperation.Create(source, target, DatumTransformations.Epsg15865).Value;
        var outE = new double[n];
        var outN = new double[n];

        // Warm up (tiered JIT), then time the whole batch once, as PROJ is timed.
        operation.Transform(northing.AsSpan(0, Math.Min(n, 200_000)), easting.AsSpan(0, Math.Min(n, 200_000)), outE, outN, []);
        var watch = Stopwatch.StartNew();
        operation.Transform(northing, easting, outE, outN, []);
        watch.Stop();
        var rate = n / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Demarcate (1 thread): {n} points in {watch.Elapsed.TotalSeconds:F3} s = {rate:F0} points/s"));

        // Both cores, for information: the batch is embarrassingly parallel.
        var parallelWatch = Stopwatch.StartNew();
        var chunks = Environment.ProcessorCount;
        Parallel.For(0, chunks, c =>
        {
            var from = (int)((long)n * c / chunks);
            var to = (int)((long)n * (c + 1) / chunks);
            operation.Transform(northing.AsSpan(from, to - from), easting.AsSpan(from, to - from), outE.AsSpan(from), outN.AsSpan(from), []);
        });
        parallelWatch.Stop();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Demarcate ({chunks} threads): {n / parallelWatch.Elapsed.TotalSeconds:F0} points/s"));

        var bytes = File.ReadAllBytes(projOutput);
        var proj = MemoryMarshal.Cast<byte, double>(bytes);
        var projE = proj[..n];
        var projN = proj[n..(2 * n)];
        double worst = 0;
        var worstIndex = 0;
        for (var i = 0; i < n; i++)
        {
            var d = Math.Max(Math.Abs(outE[i] - projE[i]), Math.Abs(outN[i] - projN[i]));
            if (!(d <= worst))
            {
                worst = d;
                worstIndex = i;
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Largest difference from PROJ: {worst * 1000:F6} mm (point {worstIndex}); ratio Demarcate/PROJ (1 thread each): {rate / projRate:F2}"));
        return worst <= 1e-3 ? 0 : 1;
    }

    private struct SplitMix64(ulong seed)
    {
        private ulong _state = seed;

        public double NextUnit()
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            z ^= z >> 31;
            return (z >> 11) * (1.0 / 9007199254740992.0);
        }
    }
}
