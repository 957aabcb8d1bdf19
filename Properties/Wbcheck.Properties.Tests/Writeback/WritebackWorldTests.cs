using Wbcheck.Model;
using Wbcheck.Model.Time;
using Wbcheck.Properties.Writeback;
using Wbcheck.Properties.Writeback.Commands;
using Wbcheck.Properties.Writeback.Running;

namespace Wbcheck.Properties.Tests.Writeback;

/// <summary>What each command does to the model, shown by the log of a run and the state it leaves.</summary>
public sealed class WritebackWorldTests
{
    private static readonly WbcSpec Background = WbcSpec.WholeFile(syncAll: false);

    [Fact]
    public void An_operation_paused_after_some_steps_waits_while_later_commands_run_and_ends_in_the_drain()
    {
        var world = Run(File(2, "dd"), new WritebackCommand(0, Background, Steps: 3), new WriteCommand(0, 0));

        // The pass stopped holding page 0's lock, so the write sleeps on it until the drain.
        Assert.Equal(
            [
                "1: T0(writeback f0 WB_SYNC_NONE 0..end) ran 3 step(s), paused before folio_start_writeback(0)",
                "2: T1(write f0:0) ran 4 step(s), asleep in folio_lock(0)",
                "drain: T1(write f0:0) ended",
                "drain: T0(writeback f0 WB_SYNC_NONE 0..end) ended, returning 0",
            ],
            world.Log);
    }

    [Fact]
    public void A_step_command_advances_the_chosen_runnable_operation_by_its_count()
    {
        var world = Run(File(2, "dd"), new WritebackCommand(0, Background, Steps: 0), new FsyncCommand(0, 0, null, Steps: 0), new StepCommand(3, 2));

        // Two runnable operations: op 3 is the second, the fsync; it tags, then stops before its lookup.
        Assert.Equal("3: T1(fsync f0 0..end) ran 2 step(s), paused before filemap_get_folios_tag(0)", world.Log[2]);
    }

    [Fact]
    public void A_completion_that_fails_reaches_the_fsync_waiting_for_it()
    {
        var world = Run(File(1, "d"), new FsyncCommand(0, 0, null), new CompleteCommand(5, Error: true));

        Assert.Equal(3, world.Log.Count);
        Assert.Matches(@"^1: T0\(fsync f0 0\.\.end\) ran \d+ step\(s\), asleep in folio_wait_writeback\(0\)$", world.Log[0]);
        Assert.Equal("complete io 5 with -EIO: bio 1 endio failed", world.Log[1]);
        Assert.Equal("drain: T0(fsync f0 0..end) ended, returning -EIO", world.Log[2]);
    }

    [Fact]
    public void Each_fsync_has_its_own_file_description_so_each_is_told_of_an_error_under_both()
    {
        var world = Run(File(1, "d"), new FsyncCommand(0, 0, null), new FsyncCommand(0, 0, null), new CompleteCommand(0, Error: true));

        Assert.Contains("drain: T0(fsync f0 0..end) ended, returning -EIO", world.Log);
        Assert.Contains("drain: T2(fsync f0 0..end) ended, returning -EIO", world.Log);
    }

    /// <summary>write(2) and truncate hold i_rwsem, so a write cannot put a page back into a range being truncated.</summary>
    [Fact]
    public void A_write_waits_for_a_truncate_of_its_page_to_end()
    {
        var world = Run(File(3, "..d"), new WritebackCommand(0, Background), new TruncateCommand(0, 0, 2), new WriteCommand(0, 0));

        Assert.Equal(
            [
                "1: T0(writeback f0 WB_SYNC_NONE 0..end) ran 6 step(s), ended, returning 0",
                "2: T2(punch f0 0..2) ran 6 step(s), asleep in folio_wait_writeback(2)",
                "3: T3(write f0:0) ran 2 step(s), asleep in inode_lock(1)",
                "drain: T2(punch f0 0..2) ended",
                "drain: T3(write f0:0) ended",
            ],
            world.Log);
    }

    [Fact]
    public void Paused_operations_drain_in_turns_a_step_each_with_io_completing_between_the_turns()
    {
        var world = Run(File(2, "dd"), new FsyncCommand(0, 0, 0, Steps: 0), new FsyncCommand(0, 1, 1, Steps: 0));

        Assert.Equal(["drain: T0(fsync f0 0..0) ended, returning 0", "drain: T1(fsync f0 1..1) ended, returning 0"], world.Log.Skip(2));
        Assert.Equal(0, world.Kernel.Device.InFlight);
    }

    [Fact]
    public void In_a_sequential_run_an_operation_runs_to_its_end_completing_its_own_io()
    {
        var world = new WritebackWorld(Case(File(2, "dd"), new FsyncCommand(0, 0, null, Steps: 1), new StepCommand(0, 1)), WorldOptions.Default with { Sequential = true });

        Assert.Null(world.Run());
        Assert.Equal(2, world.Log.Count);
        Assert.Matches(@"^1: T0\(fsync f0 0\.\.end\) ran \d+ step\(s\), ended, returning 0$", world.Log[0]);
        Assert.Equal("step op 0 x1: no operation can run", world.Log[1]);
    }

    [Fact]
    public void A_state_invariant_that_breaks_fails_the_run_at_that_step_with_the_state()
    {
        var world = new WritebackWorld(
            Case(File(1, "d"), new WritebackCommand(0, Background)),
            WorldOptions.Default with { Faults = new Faults { KeepDirtyTagOnWriteback = true }, Watched = Watched.Coherence });

        var failure = world.Run();

        Assert.NotNull(failure);
        Assert.Equal("tag/flag coherence", failure.Invariant);
        Assert.Equal("tag/flag coherence: page 0 of mapping of inode 1: unlocked, DIRTY tag set but PG_dirty clear [era 6.10, faults KeepDirtyTagOnWriteback]", failure.Message);
        Assert.Equal("command 1 (writeback f0 WB_SYNC_NONE 0..end), T0(writeback f0 WB_SYNC_NONE 0..end) in its step from folio_start_writeback(0)", failure.Where);
        Assert.Equal<string>(["inode 1: size 1 writeback_index 0", "inode 1 page 0: flags WU tags DW- v1 disk v0", "counters: NR_FILE_DIRTY 0 NR_WRITEBACK 1"], failure.State);
    }

    [Fact]
    public void A_command_on_a_page_that_is_not_cached_does_nothing()
    {
        var world = Run(File(2, "d."), new MapDirtyCommand(0, 1), new ReclaimCommand(0, 1), new StepCommand(0, null), new CompleteCommand(0, Error: false));

        Assert.Equal(
            [
                "1: T0(mmap-dirty f0:1) ran 1 step(s), ended",
                "2: T1(reclaim f0:1) ran 1 step(s), ended",
                "step op 0 to sleep or end: no operation can run",
                "complete io 0: no I/O in flight",
            ],
            world.Log);
    }

    /// <summary>
    /// The wrap-around deadlock of 2.6.29 to 4.19, as commands: on a filesystem that holds a
    /// pass's pages in one I/O, the flusher takes page 2 and stops before wrapping; one fsync
    /// puts page 1 in its own I/O and waits, holding page 2's lock, for the flusher's I/O; a
    /// second fsync waits, holding page 1's lock, for the first one's; the flusher wraps to
    /// page 1. On 4.20 the flusher does not wrap, ends its pass and submits its I/O.
    /// </summary>
    [Fact]
    public void The_wrap_around_deadlock_is_reported_with_its_wait_for_cycle()
    {
        var deadlock = new WritebackCase(
            [new FileSetup(3, ".cd", [], 2)],
            WritebackCase.DefaultBatchSize,
            Aggregate: true,
            [
                new WritebackCommand(0, new WbcSpec(SyncAll: false, Cyclic: true, First: 0, Last: null, NrToWrite: null, Tagged: false), Steps: 5),
                new WriteCommand(0, 2),
                new WriteCommand(0, 1),
                new FsyncCommand(0, 0, null),
                new WriteCommand(0, 1),
                new FsyncCommand(0, 0, null),
            ]);

        var failure = new WritebackWorld(deadlock, WorldOptions.Default with { Era = KernelEra.V4_17 }).Run();

        Assert.NotNull(failure);
        Assert.Equal("deadlock", failure.Invariant);
        Assert.StartsWith(
            "deadlock: deadlock after step 33: T0(writeback f0 WB_SYNC_NONE cyclic) -> T5(fsync f0 0..end) -> T3(fsync f0 0..end) -> T0(writeback f0 WB_SYNC_NONE cyclic) wait for each other; " +
            "T0(writeback f0 WB_SYNC_NONE cyclic) sleeps on PG_locked of page 1 at lock_page(1), held by T5(fsync f0 0..end); " +
            "T3(fsync f0 0..end) sleeps on PG_writeback of page 2 at wait_on_page_writeback(2), held by T0(writeback f0 WB_SYNC_NONE cyclic); " +
            "T5(fsync f0 0..end) sleeps on PG_writeback of page 1 at wait_on_page_writeback(1), held by T3(fsync f0 0..end); ",
            failure.Message);
        Assert.Null(new WritebackWorld(deadlock, WorldOptions.Default with { Era = KernelEra.V4_20 }).Run());
    }

    /// <summary>
    /// Before 2.6.29 fsync asked for nrpages*2 pages and stopped there even for data integrity
    /// (05fe478dd04e): with one page cached when it starts, pages dirtied below it while it waits
    /// use up its count, and the page it owes is never written.
    /// </summary>
    [Fact]
    public void An_integrity_sync_of_2_6_20_that_stops_at_nr_to_write_loses_the_page_it_owes()
    {
        var lost = new WritebackCase(
            [new FileSetup(3, "..d", [], 0)],
            BatchSize: 1,
            Aggregate: false,
            [new FsyncCommand(0, 0, null, Steps: 1), new WriteCommand(0, 0), new WriteCommand(0, 1)]);
        var options = WorldOptions.Default with { Watched = Watched.Integrity };

        var failure = new WritebackWorld(lost, options with { Era = KernelEra.V2_6_20 }).Run();

        Assert.NotNull(failure);
        Assert.Equal(
            "no lost dirty data on WB_SYNC_ALL: sync of pages 0..end of mapping of inode 1 returned 0, but page 2 was at version 1 when it started and the disk holds version 0 [era 2.6.20]",
            failure.Message);
        Assert.Null(new WritebackWorld(lost, options with { Era = KernelEra.V2_6_29 }).Run());
    }

    /// <summary>
    /// A flush whose loop never ends, going round congestion_wait as 2.6.29's more_io loop does
    /// while an inode stays busy: its command's run stops at the wait, and the drain fails the
    /// case on termination after its step bound instead of hanging. The real flush of the same
    /// case ends.
    /// </summary>
    [Fact]
    public void A_flush_that_goes_round_congestion_wait_forever_fails_the_drain_on_termination()
    {
        var flush = Case(File(1, "d"), new FlushCommand(0, 1));
        var options = WorldOptions.Default with { Era = KernelEra.V2_6_29 };
        var endless = options with
        {
            FlushBody = async kernel =>
            {
                while (true)
                {
                    await kernel.BackingDev.CongestionWait(Timers.Hz / 10);
                }
            },
        };

        var failure = new WritebackWorld(flush, endless).Run();

        Assert.NotNull(failure);
        Assert.Equal("termination", failure.Invariant);
        Assert.StartsWith("T0(flush 1) still runs after 50000 steps", failure.Message);
        Assert.StartsWith("draining after the last command", failure.Where);
        Assert.StartsWith("1: T0(flush 1) ran 1 step(s), paused before congestion_wait", failure.Log[0]);
        Assert.Null(new WritebackWorld(flush, options).Run());
    }

    private static FileSetup File(int pages, string cache) => new(pages, cache, [], 0);

    private static WritebackCase Case(FileSetup file, params Command[] commands) =>
        new([file], WritebackCase.DefaultBatchSize, Aggregate: false, [.. commands]);

    private static WritebackWorld Run(FileSetup file, params Command[] commands)
    {
        var world = new WritebackWorld(Case(file, commands), WorldOptions.Default with { Watched = Watched.Coherence | Watched.Accounting | Watched.Integrity | Watched.TruncateReclaim | Watched.LockOrder });
        var failure = world.Run();
        Assert.True(failure is null, failure?.Describe());
        return world;
    }
}
