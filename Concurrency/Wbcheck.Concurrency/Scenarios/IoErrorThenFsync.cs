using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// Scenario 7: background writeback of a dirty page may fail with -EIO (the engine chooses).
/// Then two processes that had the file open fsync it twice each, and a third opens it and
/// fsyncs. Every file description open when the error happened must be told of it exactly once;
/// one opened later must be told if nobody had been told yet when it opened.
/// </summary>
public sealed class IoErrorThenFsync(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "io-error-then-fsync";

    public const string Invariant = "error reporting";

    public override string Name => ScenarioName;

    public override string Description => "a background writeback I/O error, then fsync on each file description: reported once to each that should see it";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(1, fs);
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Device.PossibleErrors = [Errno.EIO];
        // The small form keeps one process open before the error: with the late opener it still
        // shows both historical bugs (the first to look consumes the error; the late opener misses it).
        var openBefore = Options.Small ? new[] { kernel.Open(inode) } : [kernel.Open(inode), kernel.Open(inode)];
        // Shared by the threads: cells report their accesses (DFS's reduction).
        var reported = new Cell<bool>("reported", false);
        var flusherDone = new WaitQueue("the flusher's pass");
        var flushed = new Cell<bool>("flushed", false);

        async Task<int> Fsync(OpenFile file)
        {
            var result = await fs.Fsync(file, 0, WritebackControl.LLongMax);
            reported.Value |= result != 0;
            return result;
        }

        void Expect(OpenFile file, int got, int expected, string when)
        {
            if (got != expected)
            {
                throw new InvariantViolationException(Invariant, $"{when} fsync of {file} returned {Errno.Name(got)}, expected {Errno.Name(expected)}");
            }
        }

        // The flusher writes the page; its I/O may fail. The processes come after it.
        setup.Runtime.Spawn("flusher", async () =>
        {
            await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era));
            flushed.Value = true;
            setup.Runtime.WakeAll(flusherDone);
        });

        // Time passes until the flusher's I/O has completed (a wait, not a system call).
        async Task WaitForFlusher()
        {
            while (!flushed.Value)
            {
                await setup.Runtime.Sleep(flusherDone, new StepLabel("wait for the flusher"));
            }

            await kernel.Filemap.FolioWaitWriteback(page);
        }

        for (var i = 0; i < openBefore.Length; i++)
        {
            var file = openBefore[i];
            setup.Runtime.Spawn($"process {i + 1}", async () =>
            {
                await WaitForFlusher();
                var failed = kernel.Device.FailedWrites > 0;
                Expect(file, await Fsync(file), failed ? Errno.EIO : 0, "first");
                Expect(file, await Fsync(file), 0, "second");
            });
        }

        setup.Runtime.Spawn("late opener", async () =>
        {
            await WaitForFlusher();
            var seenBefore = reported.Value;
            var late = kernel.Open(inode);
            var failed = kernel.Device.FailedWrites > 0;
            Expect(late, await Fsync(late), failed && !seenBefore ? Errno.EIO : 0, "a later opener's");
        });
    }
}
