namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// sys_fsync of the list era (2.5.31) holds i_sem across the write and wait ("We need to protect
/// against concurrent writers"), and gives it back before it returns: a later writer or fsync of
/// the file takes it again.
/// </summary>
public sealed class ListEraFsyncTests
{
    [Fact]
    public void Fsync_gives_i_sem_back_before_it_returns()
    {
        var world = new World(pages: 2, dirty: false, config: new KernelConfig { Era = KernelEra.V2_5 });
        var file = world.Kernel.Open(world.Inode);

        Assert.Equal(0, world.Run(() => world.Fs.Fsync(file, 0, long.MaxValue)));

        Assert.Null(world.Inode.Sem.Holder);
        Assert.Equal(0, world.Run(() => world.Fs.Fsync(file, 0, long.MaxValue)));
        Assert.Null(world.Inode.Sem.Holder);
    }
}
