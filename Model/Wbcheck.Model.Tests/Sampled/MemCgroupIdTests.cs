using Wbcheck.Model.Mm.Memcg;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// A memcg's css id is what foreign-inode detection votes with, and the root's is its own (1):
/// a memcg made with the root's id, or a lower one, would be counted as the root, so it is
/// refused with a clear error naming the argument.
/// </summary>
public sealed class MemCgroupIdTests
{
    [Theory]
    [InlineData(MemCgroup.RootId)]
    [InlineData(MemCgroup.RootId - 1)]
    public void A_memcg_with_the_roots_id_or_lower_is_refused(int id)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new MemCgroup("job", 1000, id: id));

        Assert.Equal("id", error.ParamName);
    }

    [Fact]
    public void A_memcg_takes_the_first_id_past_the_roots_by_default()
    {
        Assert.Equal(MemCgroup.RootId + 1, new MemCgroup("job", 1000).Id);
    }
}
