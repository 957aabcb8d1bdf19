using Wbcheck.Model.Fs;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Sampled;

/// <summary>
/// iomap_writepages gathers a pass's pages into one ioend and submits it only when the pass ends:
/// a page added to it is under writeback, and unlocked, while no I/O for it exists yet. Whoever
/// waits on such a page's writeback meanwhile waits on the writer's unsubmitted I/O, and a
/// deadlock report must say so (the wait queue's holder note, which the report names when no
/// thread holds the queue): the note is there while the ioend is gathered, and gone once the
/// bio is submitted (the completion holds the queue from then on).
/// </summary>
public sealed class IoendHolderNoteTests
{
    [Fact]
    public void A_page_in_the_ioend_being_gathered_is_held_by_the_unsubmitted_io()
    {
        var world = new World(pages: 3, fs: new SimpleFsOptions { AggregateWritepages = true });
        var watch = new NoteWatch(world.Page(1));
        world.Kernel.Observers.Add(watch);

        Assert.Equal(0, world.Run(() => world.Pw.DoWritepages(world.Mapping, WritebackControl.Integrity())));

        // While page 2 is being added, page 1 is in the ioend, not yet submitted.
        Assert.Equal("an I/O its writer has not submitted yet", watch.NoteWhenPage2Starts);
        Assert.Equal(1, world.Kernel.Device.SubmittedCount);
        Assert.Null(world.Page(1).WritebackQueue.HolderNote);
        world.CompleteAllIo();
        world.AssertInvariants();
    }

    /// <summary>The holder note of <paramref name="watched"/>'s writeback queue when page 2's write starts.</summary>
    private sealed class NoteWatch(Page watched) : IKernelObserver
    {
        public string? NoteWhenPage2Starts { get; private set; }

        public void PageWriteStarting(Page page, WritebackControl wbc, long iSize)
        {
            if (page.Index == 2)
            {
                NoteWhenPage2Starts = watched.WritebackQueue.HolderNote;
            }
        }
    }
}
