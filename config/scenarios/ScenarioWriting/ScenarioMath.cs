namespace Monitor.Scenarios;

/// <summary>
/// The curves and noise the generators draw their series with. A generator imports it with
/// <c>using static Monitor.Scenarios.ScenarioMath;</c>. Changing a formula here changes every
/// scenario's data: <c>deploy/scenarios.sh --check</c> says which files.
/// </summary>
public static class ScenarioMath
{
    /// <summary>Linear between the points (minutes ascending); the first value before them, the last after.</summary>
    public static double Interpolate((int Minute, double Value)[] points, int minute)
    {
        if (minute <= points[0].Minute)
        {
            return points[0].Value;
        }

        for (var k = 1; k < points.Length; k++)
        {
            if (minute <= points[k].Minute)
            {
                var (m0, v0) = points[k - 1];
                var (m1, v1) = points[k];
                return v0 + ((v1 - v0) * (minute - m0) / (m1 - m0));
            }
        }

        return points[^1].Value;
    }

    /// <summary>Log-linear between the points (a constant ratio a minute, for latencies and optical power); the first value before them, the last after. Values must be positive.</summary>
    public static double LogInterpolate((int Minute, double Value)[] points, int minute)
    {
        if (minute <= points[0].Minute)
        {
            return points[0].Value;
        }

        for (var k = 1; k < points.Length; k++)
        {
            if (minute <= points[k].Minute)
            {
                var (m0, v0) = points[k - 1];
                var (m1, v1) = points[k];
                return v0 * Math.Pow(v1 / v0, (double)(minute - m0) / (m1 - m0));
            }
        }

        return points[^1].Value;
    }

    /// <summary>A factor around 1: uniform in [1 - <paramref name="amplitude"/>, 1 + <paramref name="amplitude"/>).</summary>
    public static double Noise(Random random, double amplitude) => 1 + Uniform(random, amplitude);

    /// <summary>Uniform in [-<paramref name="amplitude"/>, <paramref name="amplitude"/>).</summary>
    public static double Uniform(Random random, double amplitude) => ((random.NextDouble() * 2) - 1) * amplitude;

    /// <summary>Smoothstep on [0, 1]: starts and ends flat.</summary>
    public static double Smooth(double x) => x * x * (3 - (2 * x));
}
