using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Invariants;

namespace Wbcheck.Properties.Mpage;

/// <summary>
/// The mpage BIO rules as FsCheck properties over random files: each case is written back on
/// a fresh kernel (with <c>faults</c> switched in, to prove a property catches its bug), every
/// I/O is completed, and the rule is checked. <c>onFailure</c> sees each failing case; the last
/// one it sees is the shrunk counterexample.
/// </summary>
public static class MpageProperties
{
    public static Property EveryDirtyPageWrittenOnce(Faults? faults = null, Action<MpageCase>? onFailure = null) =>
        Rule(MpageBios.WrittenOnceName, MpageBios.CheckWrittenOnce, faults, onFailure);

    public static Property BiosContiguousAndInOrder(Faults? faults = null, Action<MpageCase>? onFailure = null) =>
        Rule(MpageBios.ContiguousName, MpageBios.CheckContiguous, faults, onFailure);

    public static Property NoBioOverItsSizeLimit(Faults? faults = null, Action<MpageCase>? onFailure = null) =>
        Rule(MpageBios.SizeLimitName, MpageBios.CheckSizeLimit, faults, onFailure);

    public static Property BytesPastEofZeroOnDisk(Faults? faults = null, Action<MpageCase>? onFailure = null) =>
        Rule(MpageBios.ZeroPastEofName, MpageBios.CheckZeroPastEof, faults, onFailure);

    /// <summary>
    /// <see cref="BytesPastEofZeroOnDisk(Faults?, Action{MpageCase}?)"/> on a kernel of <paramref name="era"/>:
    /// the era's writeback iterator hands the pages to the same __mpage_writepage, whose zeroing
    /// of the page straddling i_size on every write every era had. The matrix's mpage column.
    /// </summary>
    public static Property BytesPastEofZeroOnDisk(KernelEra era, Faults? faults = null) =>
        Rule(MpageBios.ZeroPastEofName, MpageBios.CheckZeroPastEof, faults, null, era);

    /// <summary>Afterwards no page is locked or under writeback, and tags, flags and counters agree.</summary>
    public static Property LeavesThePageCacheCoherent(Faults? faults = null, Action<MpageCase>? onFailure = null) =>
        Rule("mpage: page cache coherent after write-back", Coherent, faults, onFailure);

    /// <summary>Every generated case is a valid layout whose text reads back to the same layout.</summary>
    public static Property CasesAreValidLayouts() =>
        Prop.ForAll(MpageCaseGenerator.Arbitrary, c =>
        {
            var text = c.ToLayout().ToText();
            var again = LayoutParser.Parse(text).ToText();
            if (again != text)
            {
                throw new InvalidOperationException($"layout text does not read back the same:\n{text}\nreads back as\n{again}");
            }
        });

    private static Property Rule(string name, Func<MpageRun, string?> check, Faults? faults, Action<MpageCase>? onFailure, KernelEra? era = null) =>
        Prop.ForAll(MpageCaseGenerator.Arbitrary, c =>
        {
            string? violation;
            try
            {
                violation = check(MpageScenario.Write(c.ToLayout(), faults, era ?? KernelConfig.Default.Era));
            }
            catch
            {
                onFailure?.Invoke(c);
                throw;
            }

            if (violation is not null)
            {
                onFailure?.Invoke(c);
                throw new InvariantViolationException(name, violation);
            }
        });

    private static string? Coherent(MpageRun run)
    {
        foreach (var page in run.Kernel.CachedPages())
        {
            if (page.Locked || page.Writeback)
            {
                return $"{page} is still {(page.Locked ? "locked" : "under writeback")} after every I/O completed";
            }
        }

        return TagFlagCoherence.Check(run.Kernel) ?? Accounting.Check(run.Kernel);
    }
}
