using Wbcheck.Model.Fs;
using Wbcheck.Model.Invariants;
using Wbcheck.Model.Mm;
using Wbcheck.Model.Runtime;

namespace Wbcheck.Model.Tests;

/// <summary>A kernel on the sequential executor with one file, for unit tests of single operations.</summary>
internal sealed class World
{
    public World(int pages = 4, bool dirty = true, KernelConfig? config = null, SimpleFsOptions? fs = null)
    {
        Kernel = new Kernel(Runtime, config);
        Fs = new SimpleFs(Kernel, fs ?? SimpleFsOptions.Default);
        Inode = Kernel.CreateInode(pages, Fs);
        for (var index = 0; index < pages; index++)
        {
            Kernel.Filemap.AddCachedPage(Mapping, index, dirty);
        }
    }

    public SequentialRuntime Runtime { get; } = new();

    public Kernel Kernel { get; }

    public SimpleFs Fs { get; }

    public Inode Inode { get; }

    public AddressSpace Mapping => Inode.Mapping;

    public PageWriteback Pw => Kernel.PageWriteback;

    public Filemap Filemap => Kernel.Filemap;

    public Page Page(long index) => Mapping.Pages.Load(index) ?? throw new InvalidOperationException($"no page {index}");

    public XaMark Marks(long index) => Mapping.Pages.Marks(index);

    /// <summary>Run one operation to its end as a model thread; return its result.</summary>
    public T Run<T>(Func<ValueTask<T>> operation)
    {
        var result = default(T)!;
        Runtime.Run("test", async () => result = await operation());
        return result;
    }

    public void Run(Func<ValueTask> operation) => Runtime.Run("test", async () => await operation());

    /// <summary>Complete every submitted I/O, oldest first.</summary>
    public void CompleteAllIo() => Runtime.RunAllPending();

    /// <summary>The state invariants, which must hold between operations.</summary>
    public void AssertInvariants()
    {
        Assert.Null(Kernel.Era.HasPageLists() ? ListFlagCoherence.Check(Kernel) : TagFlagCoherence.Check(Kernel));
        Assert.Null(Accounting.Check(Kernel));
    }
}
