using System.Collections.Immutable;
using FsCheck;
using FsCheck.Fluent;
using Wbcheck.Model;
using Wbcheck.Properties.Writeback.Commands;

namespace Wbcheck.Properties.Writeback.Generation;

/// <summary>
/// Random cases and their shrinker. Files are mostly small (so that ranges, batch edges and
/// cyclic wrap-arounds fall inside them) and sometimes up to 64 pages; the command count grows
/// with FsCheck's size, up to <see cref="MaxCommands"/>. The shrinker tries fewer commands
/// first, then simpler commands, then simpler files, so a counterexample comes out with only
/// the commands the failure needs, each in its plainest form.
/// </summary>
public static class CaseGenerator
{
    public const int MaxPages = 64;
    public const int MaxCommands = 30;

    public static Arbitrary<WritebackCase> Arbitrary(CommandMix mix) => Arb.From(Case(mix), Shrink);

    public static Gen<WritebackCase> Case(CommandMix mix) => WithJournalRelease(mix, WithBlockPageMkwrite(mix, WithUnusedInodes(mix, WithJournal(mix, WithStableWrites(mix, WithoutWritepage(mix, mix.RealFs == 0
        ? PlainCase(mix)
        : from c in PlainCase(mix)
          from real in Chance(mix.RealFs)
          from fs in Shape(mix)
          select real ? c with { Fs = fs } : c))))));

    /// <summary>
    /// A journal that files -&gt;writepage's ordered data and a -&gt;releasepage that unfiles it once
    /// written (jbd's journal_try_to_free_buffers), drawn after everything else and only by a mix that asks for it, so no other mix's
    /// cases change.
    /// </summary>
    private static Gen<WritebackCase> WithJournalRelease(CommandMix mix, Gen<WritebackCase> cases) => mix.JournalRelease == 0
        ? cases
        : from c in cases
          from release in Chance(mix.JournalRelease)
          select release ? c with { Fs = c.Fs with { JournalRelease = true } } : c;

    /// <summary>
    /// A -&gt;page_mkwrite of the filesystem's own (block_page_mkwrite's), drawn last and only by a
    /// mix that asks for it and stores through mappings, so no other mix's cases change.
    /// </summary>
    private static Gen<WritebackCase> WithBlockPageMkwrite(CommandMix mix, Gen<WritebackCase> cases) => mix.BlockPageMkwrite == 0 || mix.MapDirty == 0
        ? cases
        : from c in cases
          from own in Chance(mix.BlockPageMkwrite)
          select own ? c with { Fs = c.Fs with { BlockPageMkwrite = true } } : c;

    /// <summary>Unused inodes in the inode cache (one, or a hundred a quarter of the time), drawn after everything else and only by a mix that asks for them, so no other mix's cases change.</summary>
    private static Gen<WritebackCase> WithUnusedInodes(CommandMix mix, Gen<WritebackCase> cases) => mix.UnusedInodes == 0
        ? cases
        : from c in cases
          from unused in Chance(mix.UnusedInodes)
          from hundred in Chance(25)
          select c with { UnusedInodes = !unused ? 0 : hundred ? WritebackCase.HundredUnusedInodes : 1 };

    /// <summary>A -&gt;writepage that starts a journal handle, drawn last and only by a mix that asks for it, so no other mix's cases change.</summary>
    private static Gen<WritebackCase> WithJournal(CommandMix mix, Gen<WritebackCase> cases) => mix.Journalled == 0
        ? cases
        : from c in cases
          from journalled in Chance(mix.Journalled)
          select journalled ? c with { Fs = c.Fs with { Journalled = true } } : c;

    /// <summary>
    /// No -&gt;writepage for a filesystem that has a -&gt;writepages (aggregating, or writing pages
    /// in part), drawn last and only by a mix that asks for it, so no other mix's cases change.
    /// </summary>
    private static Gen<WritebackCase> WithoutWritepage(CommandMix mix, Gen<WritebackCase> cases) => mix.NoWritepage == 0
        ? cases
        : from c in cases
          from none in Chance(mix.NoWritepage)
          select none && (c.Aggregate || !c.Fs.Partial.IsEmpty) ? c with { Fs = c.Fs with { NoWritepage = true } } : c;

    /// <summary>The device's stable-pages flag, drawn last and only by a mix that asks for it, so no other mix's cases change.</summary>
    private static Gen<WritebackCase> WithStableWrites(CommandMix mix, Gen<WritebackCase> cases) => mix.StableWrites == 0
        ? cases
        : from c in cases
          from stable in Chance(mix.StableWrites)
          select c with { StableWrites = stable };

    /// <summary>
    /// A filesystem like a real one: clusters of 2-4 pages half the time, declining a third, pages
    /// of the first eight written in part (none where <see cref="CommandMix.PartialPages"/> is off).
    /// </summary>
    private static Gen<FsShape> Shape(CommandMix mix) =>
        from cluster in Gen.Frequency((1, Gen.Constant(1)), (1, Gen.Choose(2, 4)))
        from decline in Chance(30)
        from partial in Gen.ListOf(Chance(25), 8)
        select new FsShape(cluster, decline, mix.PartialPages ? [.. partial.Select((p, i) => (p, i)).Where(p => p.p).Select(p => p.i)] : []);

    private static Gen<WritebackCase> PlainCase(CommandMix mix) =>
        from fileCount in Gen.Frequency(Weighted((100 - mix.TwoFiles, Gen.Constant(1)), (mix.TwoFiles, Gen.Constant(2))))
        from files in Gen.ListOf(File(mix), fileCount)
        from batch in Gen.Frequency((3, Gen.Constant(WritebackCase.DefaultBatchSize)), (2, Gen.Choose(1, 4)))
        from aggregate in Chance(mix.Aggregate)
        from hot in Gen.CollectToArray(files, f => Gen.Choose(0, f.Pages - 1))
        from commands in Gen.Sized(size => Gen.Choose(1, Math.Clamp(size / 3, 1, MaxCommands)))
            .SelectMany(count => Gen.ListOf(Command(mix, [.. files.Select(f => f.Pages)], [.. hot]), count))
        select new WritebackCase([.. files], batch, aggregate, [.. commands]);

    /// <summary>Fewer commands, then simpler commands, then simpler files and settings.</summary>
    public static IEnumerable<WritebackCase> Shrink(WritebackCase c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var commands = c.Commands;
        if (commands.Length > 3)
        {
            yield return c with { Commands = [.. commands.Take(commands.Length / 2)] };
            yield return c with { Commands = [.. commands.Skip(commands.Length / 2)] };
        }

        for (var i = commands.Length - 1; i >= 0; i--)
        {
            yield return c with { Commands = commands.RemoveAt(i) };
        }

        for (var i = 0; i < commands.Length; i++)
        {
            foreach (var simpler in ShrinkCommand(commands[i]))
            {
                yield return c with { Commands = commands.SetItem(i, simpler) };
            }
        }

        if (c.Files.Length > 1)
        {
            yield return c with { Files = [c.Files[0]] };
        }

        for (var i = 0; i < c.Files.Length; i++)
        {
            for (var page = c.Files[i].Pages - 1; page >= 0 && c.Files[i].Pages > 1; page--)
            {
                yield return DropPage(c, i, page);
            }

            foreach (var simpler in ShrinkFile(c.Files[i]))
            {
                yield return c with { Files = c.Files.SetItem(i, simpler) };
            }
        }

        if (c.BatchSize != WritebackCase.DefaultBatchSize)
        {
            yield return c with { BatchSize = WritebackCase.DefaultBatchSize };
        }

        if (c.Aggregate)
        {
            yield return c with { Aggregate = false };
        }

        foreach (var fs in ShrinkShape(c.Fs))
        {
            yield return c with { Fs = fs };
        }

        if (c.StableWrites)
        {
            yield return c with { StableWrites = false };
        }

        if (c.UnusedInodes > 0)
        {
            yield return c with { UnusedInodes = 0 };
        }

        if (c.UnusedInodes > 1)
        {
            yield return c with { UnusedInodes = 1 };
        }
    }

    /// <summary>Plainer filesystems: no clusters, no declining, a -&gt;writepage, no journal, the generic -&gt;page_mkwrite, fewer partial pages.</summary>
    private static IEnumerable<FsShape> ShrinkShape(FsShape fs)
    {
        if (fs.Cluster > 1)
        {
            yield return fs with { Cluster = 1 };
            if (fs.Cluster > 2)
            {
                yield return fs with { Cluster = fs.Cluster - 1 };
            }
        }

        if (fs.Decline)
        {
            yield return fs with { Decline = false };
        }

        if (fs.NoWritepage)
        {
            yield return fs with { NoWritepage = false };
        }

        if (fs.Journalled)
        {
            yield return fs with { Journalled = false };
        }

        if (fs.JournalRelease)
        {
            yield return fs with { JournalRelease = false };

            // The journalled ->writepage alone, which the option implies: the plainer filesystem.
            if (!fs.Journalled)
            {
                yield return fs with { JournalRelease = false, Journalled = true };
            }
        }

        if (fs.BlockPageMkwrite)
        {
            yield return fs with { BlockPageMkwrite = false };
        }

        for (var i = 0; i < fs.Partial.Length; i++)
        {
            yield return fs with { Partial = fs.Partial.RemoveAt(i) };
        }
    }

    /// <summary>Plainer forms of one command: no pause, file 0, lower pages, simpler ranges and controls.</summary>
    public static IEnumerable<Command> ShrinkCommand(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        switch (command)
        {
            case OperationCommand operation:
                foreach (var steps in ShrinkCount(operation.Steps, 0))
                {
                    yield return WithSteps(operation, steps);
                }

                if (operation.File != 0)
                {
                    yield return WithFile(operation, 0);
                }

                foreach (var simpler in ShrinkOperation(operation))
                {
                    yield return simpler;
                }

                break;
            case StepCommand step:
                if (step.Operation != 0)
                {
                    yield return step with { Operation = 0 };
                }

                foreach (var count in ShrinkCount(step.Count, 1))
                {
                    yield return step with { Count = count };
                }

                break;
            case CompleteCommand complete:
                if (complete.Error)
                {
                    yield return complete with { Error = false };
                }

                if (complete.Io != 0)
                {
                    yield return complete with { Io = 0 };
                }

                break;
        }
    }

    /// <summary>Plainer controls: untagged, no nr_to_write, not cyclic, WB_SYNC_NONE, the whole file.</summary>
    public static IEnumerable<WbcSpec> ShrinkWbc(WbcSpec wbc)
    {
        ArgumentNullException.ThrowIfNull(wbc);
        if (wbc.Tagged)
        {
            yield return wbc with { Tagged = false };
        }

        if (wbc.NrToWrite is { } nr)
        {
            yield return wbc with { NrToWrite = null };
            if (nr > 1)
            {
                yield return wbc with { NrToWrite = 1 };
                yield return wbc with { NrToWrite = nr - 1 };
            }
        }

        if (wbc.Cyclic)
        {
            yield return wbc with { Cyclic = false, First = 0, Last = null };
            if (wbc.First != 0 || wbc.Last is not null)
            {
                yield return wbc with { First = 0, Last = null };
            }
        }

        if (wbc.SyncAll)
        {
            yield return wbc with { SyncAll = false };
        }

        if (!wbc.Cyclic)
        {
            foreach (var (first, last) in ShrinkRange(wbc.First, wbc.Last))
            {
                yield return wbc with { First = first, Last = last };
            }
        }
    }

    private static IEnumerable<Command> ShrinkOperation(OperationCommand operation)
    {
        switch (operation)
        {
            case WriteCommand write:
                foreach (var page in ShrinkPage(write.Page))
                {
                    yield return write with { Page = page };
                }

                break;
            case MapDirtyCommand dirty:
                foreach (var page in ShrinkPage(dirty.Page))
                {
                    yield return dirty with { Page = page };
                }

                break;
            case MunmapCommand munmap:
                foreach (var (first, last) in ShrinkRange(munmap.First, munmap.Last))
                {
                    yield return munmap with { First = first, Last = last };
                }

                break;
            case GupDirtyCommand gup:
                if (!gup.Locked)
                {
                    yield return gup with { Locked = true };
                }

                foreach (var page in ShrinkPage(gup.Page))
                {
                    yield return gup with { Page = page };
                }

                break;
            case ReclaimCommand reclaim:
                if (reclaim.InHandle)
                {
                    yield return reclaim with { InHandle = false };
                }
                else if (reclaim.Direct)
                {
                    yield return reclaim with { Direct = false };
                }

                foreach (var page in ShrinkPage(reclaim.Page))
                {
                    yield return reclaim with { Page = page };
                }

                break;
            case WritebackCommand writeback:
                foreach (var wbc in ShrinkWbc(writeback.Wbc))
                {
                    yield return writeback with { Wbc = wbc };
                }

                break;
            case FlushCommand flush:
                if (flush.Pages > 1)
                {
                    yield return flush with { Pages = 1 };
                }

                break;
            case FsyncCommand fsync:
                foreach (var (first, last) in ShrinkRange(fsync.First, fsync.Last))
                {
                    yield return fsync with { First = first, Last = last };
                }

                break;
            case TruncateCommand truncate:
                if (truncate.Setattr)
                {
                    yield return truncate with { Setattr = false };
                }

                if (truncate.PartialBytes != 0)
                {
                    yield return truncate with { PartialBytes = 0 };
                }

                foreach (var page in ShrinkPage(truncate.First))
                {
                    yield return truncate with { First = page, Last = truncate.Last is { } last ? Math.Max(page, last) : null };
                }

                if (truncate.Last is { } end && end > truncate.First)
                {
                    yield return truncate with { Last = end - 1 };
                }

                break;
        }
    }

    /// <summary>
    /// The case without page <paramref name="page"/> of file <paramref name="file"/>: the pages
    /// after it move down one, in the file's setup and in every command on that file.
    /// </summary>
    private static WritebackCase DropPage(WritebackCase c, int file, int page)
    {
        int Shift(int p) => p > page ? p - 1 : p;
        int? ShiftLast(int? p) => p is { } last ? Shift(last) : null;
        var setup = c.Files[file];
        var shrunk = setup with
        {
            Pages = setup.Pages - 1,
            Cache = setup.Cache.Remove(page, 1),
            Failing = [.. setup.Failing.Where(f => f.Page != page).Select(f => f with { Page = Shift(f.Page) })],
            WritebackIndex = setup.WritebackIndex > page ? setup.WritebackIndex - 1 : setup.WritebackIndex,
        };
        var commands = c.Commands.Select(command => command is OperationCommand operation && operation.File % c.Files.Length == file
            ? operation switch
            {
                WriteCommand write => write with { Page = Shift(write.Page) },
                MapDirtyCommand dirty => dirty with { Page = Shift(dirty.Page) },
                ReclaimCommand reclaim => reclaim with { Page = Shift(reclaim.Page) },
                GupDirtyCommand gup => gup with { Page = Shift(gup.Page) },
                MunmapCommand munmap => munmap with { First = Shift(munmap.First), Last = ShiftLast(munmap.Last) },
                FsyncCommand fsync => fsync with { First = Shift(fsync.First), Last = ShiftLast(fsync.Last) },
                TruncateCommand truncate => truncate with { First = Shift(truncate.First), Last = ShiftLast(truncate.Last) },
                WritebackCommand writeback => writeback with { Wbc = writeback.Wbc with { First = Shift(writeback.Wbc.First), Last = ShiftLast(writeback.Wbc.Last) } },
                _ => command,
            }
            : command);
        return c with { Files = c.Files.SetItem(file, shrunk), Commands = [.. commands] };
    }

    private static IEnumerable<FileSetup> ShrinkFile(FileSetup file)
    {
        for (var i = 0; i < file.Cache.Length; i++)
        {
            if (file.Cache[i] == FileSetup.Dirty)
            {
                yield return file with { Cache = Replace(file.Cache, i, FileSetup.Clean) };
            }

            if (file.Cache[i] != FileSetup.NotCached)
            {
                yield return file with { Cache = Replace(file.Cache, i, FileSetup.NotCached) };
            }
        }

        for (var i = 0; i < file.Failing.Length; i++)
        {
            yield return file with { Failing = file.Failing.RemoveAt(i) };
            if (file.Failing[i].Error != Errno.ENOSPC)
            {
                yield return file with { Failing = file.Failing.SetItem(i, file.Failing[i] with { Error = Errno.ENOSPC }) };
            }
        }

        if (file.WritebackIndex != 0)
        {
            yield return file with { WritebackIndex = 0 };
            if (file.WritebackIndex > 1)
            {
                yield return file with { WritebackIndex = file.WritebackIndex - 1 };
            }
        }
    }

    /// <summary>Run to sleep or end (null) first, then fewer steps, down to <paramref name="least"/>.</summary>
    private static IEnumerable<int?> ShrinkCount(int? count, int least)
    {
        if (count is not { } value)
        {
            yield break;
        }

        yield return null;
        if (value > least)
        {
            yield return least;
        }

        if (value - 1 > least)
        {
            yield return value - 1;
        }
    }

    private static IEnumerable<int> ShrinkPage(int page)
    {
        if (page > 0)
        {
            yield return 0;
        }

        if (page > 1)
        {
            yield return page - 1;
        }
    }

    /// <summary>The whole file, then a range starting at 0, then shorter ranges.</summary>
    private static IEnumerable<(int First, int? Last)> ShrinkRange(int first, int? last)
    {
        if (first != 0 || last is not null)
        {
            yield return (0, null);
        }

        if (first != 0)
        {
            yield return (0, last);
            yield return (first - 1, last);
        }

        if (last is { } end)
        {
            yield return (first, null);
            if (end > first)
            {
                yield return (first, end - 1);
            }
        }
    }

    private static OperationCommand WithSteps(OperationCommand operation, int? steps) => operation switch
    {
        WriteCommand c => c with { Steps = steps },
        MapDirtyCommand c => c with { Steps = steps },
        WritebackCommand c => c with { Steps = steps },
        FsyncCommand c => c with { Steps = steps },
        TruncateCommand c => c with { Steps = steps },
        ReclaimCommand c => c with { Steps = steps },
        MunmapCommand c => c with { Steps = steps },
        GupDirtyCommand c => c with { Steps = steps },
        UnlinkCommand c => c with { Steps = steps },
        FlushCommand c => c with { Steps = steps },
        _ => throw new ArgumentException($"unknown operation {operation}"),
    };

    private static OperationCommand WithFile(OperationCommand operation, int file) => operation switch
    {
        WriteCommand c => c with { File = file },
        MapDirtyCommand c => c with { File = file },
        WritebackCommand c => c with { File = file },
        FsyncCommand c => c with { File = file },
        TruncateCommand c => c with { File = file },
        ReclaimCommand c => c with { File = file },
        MunmapCommand c => c with { File = file },
        GupDirtyCommand c => c with { File = file },
        UnlinkCommand c => c with { File = file },
        FlushCommand c => c with { File = file },
        _ => throw new ArgumentException($"unknown operation {operation}"),
    };

    private static string Replace(string text, int index, char value) => string.Concat(text.AsSpan(0, index), value.ToString(), text.AsSpan(index + 1));

    private static Gen<FileSetup> File(CommandMix mix) =>
        from pages in Gen.Frequency((6, Gen.Choose(1, 8)), (3, Gen.Choose(1, 24)), (1, Gen.Choose(1, MaxPages)))
        from cache in Gen.ListOf(Gen.Frequency((2, Gen.Constant(FileSetup.NotCached)), (2, Gen.Constant(FileSetup.Clean)), (3, Gen.Constant(FileSetup.Dirty))), pages)
        from failing in Gen.ListOf(Chance(mix.FailingPage), pages)
        from errors in Gen.ListOf(Gen.Elements<int>([.. FailingPage.Errors]), pages)
        from writebackIndex in Gen.Frequency((3, Gen.Constant(0)), (1, Gen.Choose(0, pages)))
        select new FileSetup(
            pages,
            string.Concat(cache),
            [.. failing.Select((fails, page) => (fails, page)).Where(f => f.fails).Select(f => new FailingPage(f.page, errors[f.page]))],
            writebackIndex);

    /// <summary>
    /// A command on a file of the case. Operations on single pages pick the file's hot page
    /// half the time: a race needs two operations on one page.
    /// </summary>
    private static Gen<Command> Command(CommandMix mix, ImmutableArray<int> pages, ImmutableArray<int> hot)
    {
        // Races live within an operation's first few steps, so short pauses are the common ones.
        var pause = Gen.Frequency((3, Gen.Choose(0, 3)), (1, Gen.Choose(4, 10))).Select(n => (int?)n);
        var steps = Gen.Frequency(Weighted((100 - mix.Paused, Gen.Constant<int?>(null)), (mix.Paused, pause)));
        var file = Gen.Choose(0, pages.Length - 1);
        Gen<int> Page(int f, int extra) => Gen.Frequency((1, Gen.Constant(hot[f])), (1, Gen.Choose(0, Math.Min(MaxPages - 1, pages[f] - 1 + extra))));
        return Gen.Frequency(Weighted(
            (mix.Write, from f in file from page in Page(f, 1) from s in steps select (Command)new WriteCommand(f, page, s)),
            (mix.MapDirty, from f in file from page in Page(f, 0) from s in steps select (Command)new MapDirtyCommand(f, page, s)),
            (mix.Writeback, from f in file from wbc in Wbc(mix, pages[f]) from s in steps select (Command)new WritebackCommand(f, wbc, s)),
            (mix.Fsync, from f in file from range in Range(pages[f], pastEnd: true) from s in steps select (Command)new FsyncCommand(f, range.First, range.Last, s)),
            (mix.Truncate, mix.PartialTruncate == 0
                ? from f in file
                  from range in Range(pages[f] + 1)
                  from shrink in Chance(40)
                  from s in steps
                  select (Command)new TruncateCommand(f, range.First, shrink || !mix.Punch ? null : Math.Max(range.First, range.Last ?? pages[f] - 1), s)
                : mix.Setattr == 0
                ? from f in file
                  from range in Range(pages[f] + 1)
                  from shrink in Chance(40)
                  from partial in Chance(mix.PartialTruncate)
                  from bytes in Gen.Choose(1, Model.Mm.Page.PageSize - 1)
                  from s in steps
                  select (Command)new TruncateCommand(f, range.First, shrink || !mix.Punch ? null : Math.Max(range.First, range.Last ?? pages[f] - 1), s)
                  {
                      PartialBytes = shrink && partial ? bytes : 0,
                  }
                : from f in file
                  from range in Range(pages[f] + 1)
                  from shrink in Chance(40)
                  from partial in Chance(mix.PartialTruncate)
                  from bytes in Gen.Choose(1, Model.Mm.Page.PageSize - 1)
                  from setattr in Chance(mix.Setattr)
                  from s in steps
                  select (Command)new TruncateCommand(f, range.First, shrink || !mix.Punch ? null : Math.Max(range.First, range.Last ?? pages[f] - 1), s)
                  {
                      PartialBytes = shrink && partial ? bytes : 0,
                      Setattr = shrink && setattr,
                  }),
            (mix.Reclaim, mix.DirectReclaim == 0
                ? from f in file from page in Page(f, 0) from s in steps select (Command)new ReclaimCommand(f, page, s)
                : mix.InHandleReclaim == 0
                ? from f in file from page in Page(f, 0) from s in steps from direct in Chance(mix.DirectReclaim) select (Command)new ReclaimCommand(f, page, s, direct)
                : from f in file
                  from page in Page(f, 0)
                  from s in steps
                  from direct in Chance(mix.DirectReclaim)
                  from handle in Chance(mix.InHandleReclaim)
                  select (Command)new ReclaimCommand(f, page, s, direct, direct && handle)),
            (mix.Step, from operation in Gen.Choose(0, 3)
                       from count in Gen.Frequency((1, Gen.Constant<int?>(null)), (3, Gen.Choose(1, 4).Select(n => (int?)n)))
                       select (Command)new StepCommand(operation, count)),
            (mix.Complete, from io in Gen.Choose(0, 3) from error in Chance(mix.IoError) select (Command)new CompleteCommand(io, error)),
            (mix.Munmap, from f in file from range in Range(pages[f]) from s in steps select (Command)new MunmapCommand(f, range.First, range.Last, s)),
            (mix.GupDirty, from f in file from page in Page(f, 0) from unlocked in Chance(mix.GupUnlocked) from s in steps select (Command)new GupDirtyCommand(f, page, !unlocked, s)),
            (mix.Unlink, from f in file from s in steps select (Command)new UnlinkCommand(f, s)),
            (mix.Flush, from n in Gen.Choose(1, 4) from s in steps select (Command)new FlushCommand(0, n, s))));
    }

    /// <summary>
    /// A writeback_control for a file of <paramref name="pages"/> pages, with the mix's odds of
    /// WB_SYNC_ALL, range_cyclic and tagged_writepages (which goes with either sync mode). A range_cyclic
    /// control keeps a range half the time, which the pass must ignore.
    /// </summary>
    public static Gen<WbcSpec> Wbc(CommandMix mix, int pages) =>
        from syncAll in Chance(mix.SyncAll)
        from cyclic in Chance(mix.Cyclic)
        from range in Range(pages, pastEnd: true)
        from nr in Gen.Frequency((2, Gen.Constant<long?>(null)), (3, Gen.Choose(1, 6).Select(n => (long?)n)))
        from tagged in Chance(mix.Tagged)
        from cyclicRange in Chance(50)
        select cyclic && !cyclicRange ? new WbcSpec(syncAll, true, 0, null, nr, tagged)
            : mix.Ranged ? new WbcSpec(syncAll, cyclic, range.First, range.Last, nr, tagged)
            : new WbcSpec(syncAll, cyclic, 0, null, nr, tagged);

    /// <summary>
    /// The whole file half the time, else a range starting inside the first <paramref name="pages"/>
    /// pages, to the end or not; with <paramref name="pastEnd"/>, a range can end up to three pages
    /// past the file's last page, so that ranges end before, at and after the dirty pages.
    /// </summary>
    private static Gen<(int First, int? Last)> Range(int pages, bool pastEnd = false) =>
        Gen.Frequency(
            (1, Gen.Constant<(int, int?)>((0, null))),
            (1, from first in Gen.Choose(0, pages - 1)
                from length in Gen.Choose(0, pages - 1 - first + (pastEnd ? 3 : 0))
                from toEnd in Chance(30)
                select (first, toEnd ? null : (int?)(first + length))));

    private static Gen<bool> Chance(int percent) => Gen.Choose(1, 100).Select(roll => roll <= percent);

    private static (int, Gen<T>)[] Weighted<T>(params (int Weight, Gen<T> Gen)[] choices) => [.. choices.Where(c => c.Weight > 0)];
}
