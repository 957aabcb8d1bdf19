using Wbcheck.Concurrency.Programs;
using Wbcheck.Concurrency.Programs.Classic;
using Wbcheck.Model;
using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Concurrency.Scenarios;

/// <summary>
/// sync(2) between a failed write and fsync: the flusher writes a dirty page and the device may
/// fail the write with -EIO (the engine chooses); a sync(2) runs at any time; a process that had
/// the file open fsyncs it twice once the write has ended. The fsync that starts after the error
/// was recorded must report it, since nothing told this process of it before; the second must not
/// report it again. Before 4.13 in the model (4.4 or 4.5 in the kernel) sync(2)'s integrity wait
/// test-and-cleared AS_EIO (<see cref="KernelEras.GlobalSyncKeepsErrors"/>), so a sync that ran
/// between the two took the error and the fsync returned 0.
/// </summary>
public sealed class IoErrorSyncThenFsync(ScenarioOptions options) : RaceScenario(options)
{
    public const string ScenarioName = "io-error-sync-then-fsync";

    public const string Invariant = "error reporting across sync";

    public override string Name => ScenarioName;

    public override string Description => "a writeback I/O error, a sync(2) racing, then fsync: the fsync reports the error once though sync(2) waited on it";

    protected override void Build(Kernel kernel, ProgramSetup setup)
    {
        var fs = Options.CreateFilesystem(kernel, SimpleFsOptions.Default);
        var inode = kernel.CreateInode(1, fs);
        var page = kernel.Filemap.AddCachedPage(inode.Mapping, 0, dirty: true);
        kernel.Device.PossibleErrors = [Errno.EIO];
        var file = kernel.Open(inode);
        var flusherDone = new WaitQueue("the flusher's pass");
        var flushed = new Cell<bool>("flushed", false);

        void Expect(int got, int expected, string when)
        {
            if (got != expected)
            {
                throw new InvariantViolationException(Invariant, $"{when} fsync of {file} returned {Errno.Name(got)}, expected {Errno.Name(expected)}");
            }
        }

        // The write that may fail at the device: background writeback of the page.
        setup.Runtime.Spawn("flusher", async () =>
        {
            await kernel.PageWriteback.DoWritepages(inode.Mapping, WritebackControl.Background(16, kernel.Era));
            flushed.Value = true;
            setup.Runtime.WakeAll(flusherDone);
        });

        // sync(2) returns nothing to its caller: an error its wait takes is told to nobody.
        setup.Runtime.Spawn("sync", async () => await kernel.Throttle.DoSync());

        setup.Runtime.Spawn("process", async () =>
        {
            // Time passes until the write has ended (a wait, not a system call).
            while (!flushed.Value)
            {
                await setup.Runtime.Sleep(flusherDone, new StepLabel("wait for the flusher"));
            }

            await kernel.Filemap.FolioWaitWriteback(page);
            var failed = kernel.Device.FailedWrites > 0;
            Expect(await fs.Fsync(file, 0, WritebackControl.LLongMax), failed ? Errno.EIO : 0, "the first");
            Expect(await fs.Fsync(file, 0, WritebackControl.LLongMax), 0, "the second");
        });
    }
}
