using System.Numerics;
using Wbcheck.Model.Fs.Mpage;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// enum bh_state_bits (include/linux/buffer_head.h, 4.9) numbers each state, and
/// BUFFER_FNS(name, bit) tests and sets test_bit(BH_##bit, &amp;bh-&gt;b_state): every state is a
/// bit of its own, so marking a buffer BH_Async_Read (mark_buffer_async_read) never makes
/// buffer_new, or any other state, true.
/// </summary>
public sealed class BufferStateBitsTests
{
    [Fact]
    public void Every_buffer_state_is_a_bit_of_its_own()
    {
        var states = Enum.GetValues<BufferState>().Where(state => state != BufferState.None).ToList();

        Assert.All(states, state => Assert.True(BitOperations.IsPow2((int)state), $"{state} is not one bit"));
        Assert.Equal(states.Count, states.Select(state => (int)state).Distinct().Count());
        Assert.Equal(BufferState.AsyncRead, BufferState.AsyncRead & ~BufferState.New);
    }
}
