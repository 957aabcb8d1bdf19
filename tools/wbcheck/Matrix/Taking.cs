namespace Wbcheck.Cli.Matrix;

/// <summary>
/// Which cell a matrix worker takes next: the first in the order not taken whose earlier proof
/// (<see cref="EarlierProof.Sources"/>) has finished; where that is not yet taken, the source
/// instead (its own source first, up the chain), so a cell the order reaches early starts its
/// proof at once. A worker with nothing ready waits for a cell to finish.
/// </summary>
internal sealed class Taking(int[] order, int[] sources)
{
    private const int Waiting = 0;
    private const int Running = 1;
    private const int Done = 2;

    private readonly object gate = new();
    private readonly int[] state = new int[order.Length];
    private int taken;

    /// <summary>The next cell to check, or -1 when all are taken or <paramref name="timeUp"/> says so.</summary>
    public int Next(Func<bool> timeUp)
    {
        lock (gate)
        {
            while (taken < state.Length && !timeUp())
            {
                foreach (var index in order)
                {
                    if (state[index] != Waiting)
                    {
                        continue;
                    }

                    var first = index;
                    while (sources[first] >= 0 && state[sources[first]] != Done)
                    {
                        first = sources[first];
                    }

                    if (state[first] == Waiting)
                    {
                        state[first] = Running;
                        taken++;
                        return first;
                    }
                }

                // Every cell left waits on one running: wait for a cell to finish (or the time to be up).
                Monitor.Wait(gate, TimeSpan.FromSeconds(1));
            }

            return -1;
        }
    }

    /// <summary>The cell <paramref name="index"/> is checked: the cells it proves may be taken.</summary>
    public void Finished(int index)
    {
        lock (gate)
        {
            state[index] = Done;
            Monitor.PulseAll(gate);
        }
    }
}
