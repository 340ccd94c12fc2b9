using BenchmarkDotNet.Attributes;
using Demarcate.Core.Geodesy;

namespace Demarcate.Benchmarks;

/// <summary>Throughput of the geodesy hot paths on points spread over the Caucasus (1 000 000 points per operation).</summary>
[MemoryDiagnoser]
public class GeodesyBenchmarks
{
    private const int Count = 1_000_000;
    private readonly double[] _lat = new double[Count];
    private readonly double[] _lon = new double[Count];
    private readonly double[] _northing = new double[Count];
    private readonly double[] _easting = new double[Count];
    private readonly double[] _out1 = new double[Count];
    private readonly double[] _out2 = new double[Count];
    private readonly TransverseMercator _utm38 = Utm.Projection(38);
    private CoordinateOperation _gk8ToUtm38 = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(38);
        for (var i = 0; i < Count; i++)
        {
            _lat[i] = 38 + 5.5 * random.NextDouble();
            _lon[i] = 42 + 6 * random.NextDouble();
            _northing[i] = 4_300_000 + 550_000 * random.NextDouble();
            _easting[i] = 8_280_000 + 440_000 * random.NextDouble();
        }

        _gk8ToUtm38 = CoordinateOperation.Create(
            CrsRegistry.Standard.Find(CrsCode.Epsg(28408))!,
            CrsRegistry.Standard.Find(CrsCode.Epsg(32638))!,
            DatumTransformations.Epsg15865).Value;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public void TransverseMercatorForward() => _utm38.Forward(_lat, _lon, _out1, _out2);

    [Benchmark(OperationsPerInvoke = Count)]
    public void Gk8ToUtm38Via15865() => _gk8ToUtm38.Transform(_northing, _easting, _out1, _out2, []);

    [Benchmark(OperationsPerInvoke = 10_000)]
    public double GeodesicInverse()
    {
        var sum = 0.0;
        for (var i = 0; i < 10_000; i++)
        {
            sum += Geodesic.Wgs84.Inverse(_lat[i], _lon[i], _lat[i + 1], _lon[i + 1]).Distance;
        }

        return sum;
    }
}
