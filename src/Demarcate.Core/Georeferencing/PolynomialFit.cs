namespace Demarcate.Core.Georeferencing;

/// <summary>
/// Linear least squares by Householder QR. The normal equations square the condition number, which for a 2nd-order
/// polynomial in raw pixel coordinates (terms up to 10⁸) loses most of the digits; QR on centred, scaled columns does not.
/// </summary>
internal static class PolynomialFit
{
    /// <summary>
    /// Solves min ‖A·c − b‖ for each right-hand side; null when A does not have full column rank
    /// (collinear or repeated control points), judged against the largest diagonal entry of R.
    /// </summary>
    public static double[][]? Solve(double[,] design, IReadOnlyList<double[]> rightHandSides)
    {
        var rows = design.GetLength(0);
        var columns = design.GetLength(1);
        var a = (double[,])design.Clone();
        var b = rightHandSides.Select(r => (double[])r.Clone()).ToArray();
        var diagonal = new double[columns];
        for (var k = 0; k < columns; k++)
        {
            double norm = 0;
            for (var i = k; i < rows; i++)
            {
                norm = double.Hypot(norm, a[i, k]);
            }

            if (norm == 0)
            {
                return null;
            }

            // The sign choice avoids cancellation when forming the reflector.
            var alpha = a[k, k] > 0 ? -norm : norm;
            a[k, k] -= alpha;
            double vv = 0;
            for (var i = k; i < rows; i++)
            {
                vv += a[i, k] * a[i, k];
            }

            for (var j = k + 1; j < columns; j++)
            {
                Reflect(a, k, rows, vv, i => a[i, j], (i, v) => a[i, j] = v);
            }

            foreach (var rhs in b)
            {
                Reflect(a, k, rows, vv, i => rhs[i], (i, v) => rhs[i] = v);
            }

            diagonal[k] = alpha;
        }

        var largest = diagonal.Max(Math.Abs);
        if (diagonal.Any(d => Math.Abs(d) <= largest * 1e-10))
        {
            return null;
        }

        var solutions = new double[b.Length][];
        for (var s = 0; s < b.Length; s++)
        {
            var x = new double[columns];
            for (var k = columns - 1; k >= 0; k--)
            {
                var sum = b[s][k];
                for (var j = k + 1; j < columns; j++)
                {
                    sum -= a[k, j] * x[j];
                }

                x[k] = sum / diagonal[k];
            }

            solutions[s] = x;
        }

        return solutions;
    }

    private static void Reflect(double[,] v, int k, int rows, double vv, Func<int, double> get, Action<int, double> set)
    {
        double dot = 0;
        for (var i = k; i < rows; i++)
        {
            dot += v[i, k] * get(i);
        }

        var factor = 2 * dot / vv;
        for (var i = k; i < rows; i++)
        {
            set(i, get(i) - (factor * v[i, k]));
        }
    }
}
