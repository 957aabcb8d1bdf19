using Wbcheck.Model;
using Wbcheck.Model.Fs;

namespace Wbcheck.Properties.Writeback.Running;

/// <summary>
/// What a case runs on and how: the era and faults of the model, the invariants watched, and
/// whether it runs <see cref="Sequential"/>: then every operation runs to its end before the
/// next command, completing I/O oldest first whenever it would sleep, so no step of another
/// operation comes between its steps.
/// </summary>
public sealed record WorldOptions
{
    public static WorldOptions Default { get; } = new();

    public KernelEra Era { get; init; } = KernelEras.Current;

    public Faults Faults { get; init; } = Faults.None;

    public Watched Watched { get; init; } = Watched.None;

    /// <summary>
    /// The era's kernel writes past a spent nr_to_write as the budget property's catalog row
    /// records (2.6.20's generic_writepages finishing its pagevec), and the property does not
    /// state the budget itself: the always-on budget check notes an overshoot and lets the
    /// property's own invariants decide the case (<see cref="KnownBudgetOvershoot"/>). False by
    /// default, and always for the budget property, which fails on it.
    /// </summary>
    public bool BudgetOvershootIsKernelBehaviour { get; init; }

    public bool Sequential { get; init; }

    /// <summary>
    /// The filesystem each file lives on: null for the model's SimpleFs, which the case
    /// configures (aggregation, failing pages); a user's filesystem model otherwise, which
    /// decides those itself.
    /// </summary>
    public Func<Kernel, IWritebackFilesystem>? Filesystem { get; init; }

    /// <summary>
    /// An I/O completion runs one step at a time, so other operations can run between its end of
    /// writeback and the wake-up after it (where the era's wake-up is a step of its own);
    /// otherwise a completion runs to its end. The page-lifetime property splits them.
    /// </summary>
    public bool SplitCompletions { get; init; }

    /// <summary>
    /// Watch the unlink property's invariants after every step: every returned write readable
    /// until the file shrinks, is punched or is unlinked (<see cref="WrittenDataReadable"/>), and
    /// an evicted inode's mapping empty (<see cref="Model.Invariants.EvictedMappingEmpty"/>).
    /// Only for cases that fail no I/O: an I/O error loses data the kernel reports instead.
    /// </summary>
    public bool WatchWrittenData { get; init; }

    /// <summary>
    /// What drives a pass over a file whose filesystem writes a page at a time (neither
    /// aggregating nor writing pages in part): do_writepages' write_cache_pages by default.
    /// </summary>
    public PassLoop Loop { get; init; } = PassLoop.WriteCachePages;

    /// <summary>
    /// Tests only: what a flush command's thread runs instead of the flusher's loop, null for
    /// the loop (a loop that never ends shows that the drain's step bound fails the case).
    /// </summary>
    internal Func<Kernel, Task>? FlushBody { get; init; }
}
