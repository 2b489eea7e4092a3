using System.Diagnostics;

namespace MlEvents.Reliability.Tests.Support;

public static class Eventually
{
    public static async Task True(Func<bool> condition, TimeSpan timeout, string what, TimeSpan? poll = null)
    {
        var elapsed = Stopwatch.StartNew();
        while (!condition())
        {
            if (elapsed.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds} s waiting for {what}");
            }

            await Task.Delay(poll ?? TimeSpan.FromMilliseconds(100));
        }
    }
}
