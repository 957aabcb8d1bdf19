using Wbcheck.Model.Fs.Mpage;
using Wbcheck.Model.Fs.Mpage.Layout;
using Wbcheck.Model.Mm;

namespace Wbcheck.Model.Tests.Mpage;

public sealed class LayoutParserTests
{
    private const string Ext2 = """
        # the ext2 file of mpage.c
        block-size 1024
        i-size 16384            # 4 pages
        extent 0-11 at 0 boundary
        indirect 12 maps 12-15 dirty
        extent 12-15 at 13
        dirty 0-1 3
        cached 2
        buffers 1 MDU MDU - U
        read 0-3
        sync all
        bio-max-pages 8
        bio-alloc-limit 2
        """;

    [Fact]
    public void Every_directive_is_read()
    {
        var layout = LayoutParser.Parse(Ext2);

        Assert.Equal(1024, layout.BlockSize);
        Assert.Equal(16384, layout.Size);
        Assert.Equal([new LayoutExtent(0, 12, 0, Boundary: true), new LayoutExtent(12, 4, 13)], layout.Extents.ToArray());
        Assert.Equal([new LayoutIndirectBlock(12, 12, 4, Cached: true, Dirty: true)], layout.IndirectBlocks.ToArray());
        Assert.Equal([0L, 1, 3], layout.DirtyPages.ToArray());
        Assert.Equal([2L], layout.CachedPages.ToArray());
        var buffers = Assert.Single(layout.Buffers);
        Assert.Equal(1, buffers.Page);
        Assert.Equal(["MDU", "MDU", "-", "U"], buffers.States.Select(FileLayout.BufferLetters));
        Assert.Equal([0L, 1, 2, 3], layout.PagesToRead);
        Assert.Equal(WritebackSyncMode.All, layout.SyncMode);
        Assert.Equal(8, layout.BioMaxPages);
        Assert.Equal(2, layout.BioAllocLimit);
    }

    [Fact]
    public void Defaults_are_4096_byte_blocks_WB_SYNC_NONE_BIO_MAX_PAGES_and_every_page_read()
    {
        var layout = LayoutParser.Parse("i-size 10000\n");

        Assert.Equal(4096, layout.BlockSize);
        Assert.Equal(WritebackSyncMode.None, layout.SyncMode);
        Assert.Equal(256, layout.BioMaxPages);
        Assert.Null(layout.BioAllocLimit);
        Assert.Equal([0L, 1, 2], layout.PagesToRead);
        Assert.Empty(layout.Extents);
    }

    [Fact]
    public void The_text_form_reads_back_as_the_same_layout()
    {
        var layout = LayoutParser.Parse(Ext2);

        var again = LayoutParser.Parse(layout.ToText());

        Assert.Equal(layout.ToText(), again.ToText());
        Assert.Equal(layout.Extents.ToArray(), again.Extents.ToArray());
    }

    [Theory]
    [InlineData("i-size 4096\nblock-size 1000", 2, "block-size must be 512, 1024, 2048 or 4096 (pages are 4096 bytes), not 1000")]
    [InlineData("i-size 4096\ni-size 8192", 2, "i-size is given twice (first on line 1)")]
    [InlineData("i-size 4096\nblock-size 1024\nblock-size 2048", 3, "block-size is given twice (first on line 2)")]
    [InlineData("i-size 4096\nsync all\nsync none", 3, "sync is given twice (first on line 2)")]
    [InlineData("i-size 4096\nbio-max-pages 4\nbio-max-pages 8", 3, "bio-max-pages is given twice (first on line 2)")]
    [InlineData("i-size 4096\nbio-alloc-limit 4\nbio-alloc-limit 8", 3, "bio-alloc-limit is given twice (first on line 2)")]
    [InlineData("i-size 0", 1, "i-size must be between 1 and 67108864 bytes, not 0")]
    [InlineData("i-size 4096\nextnet 0 at 1", 2, "unknown directive 'extnet'")]
    [InlineData("i-size 4096\nextent 0 1", 2, "extent is written 'extent FILE-BLOCKS at DISK-BLOCK [boundary] [new]'")]
    [InlineData("i-size 8192\nextent 1-0 at 5", 2, "file block range 1-0 runs backwards")]
    [InlineData("i-size 8192\nextent 0-1 at x", 2, "disk block must be a whole number, not 'x'")]
    [InlineData("i-size 8192\nextent 0 at 5 boundry", 2, "extent flag 'boundry' is unknown or repeated")]
    [InlineData("i-size 8192\nextent 0-1 at 5\nextent 1 at 9", 3, "file block 1 is mapped twice (also on line 2)")]
    [InlineData("i-size 8192\nextent 0 at 5\nextent 1 at 5", 3, "disk block 5 is used twice (also on line 2)")]
    [InlineData("i-size 8192\nextent 0 at 5\nindirect 5 maps 1", 3, "disk block 5 is used twice (also on line 2)")]
    [InlineData("i-size 8192\nextent 0-2 at 5", 2, "file block 2 is past the file's last page (i-size 8192: blocks 0-1 of 4096 bytes)")]
    [InlineData("i-size 8192\nindirect 9 maps 0 fresh", 2, "indirect block state must be 'cached' or 'dirty', not 'fresh'")]
    [InlineData("i-size 8192\ndirty 2", 2, "page 2 is past the end of the file (i-size 8192: pages 0-1)")]
    [InlineData("i-size 8192\nextent 0-1 at 5\ndirty 0\ndirty 0", 4, "page 0 is listed as dirty twice (also on line 3)")]
    [InlineData("i-size 8192\nextent 0-1 at 5\ndirty 0\ncached 0", 4, "page 0 is both cached (clean) and dirty (line 3)")]
    [InlineData("i-size 8192\nread 1 0", 2, "read pages must ascend, as readahead's do: 0 comes after 1")]
    [InlineData("i-size 8192\nblock-size 2048\nbuffers 0 MDU", 3, "page 0 needs 2 buffer states, one per 2048-byte block, not 1")]
    [InlineData("i-size 8192\nbuffers 0 MX", 2, "buffer state 'MX' is not made of M (mapped), D (dirty), U (uptodate)")]
    [InlineData("i-size 8192\nbuffers 0 M", 2, "buffer 0 of page 0 is mapped (M), but file block 0 has no allocated extent to map it to")]
    [InlineData("i-size 8192\nextent 0 at 5 new\nbuffers 0 M", 3, "buffer 0 of page 0 is mapped (M), but file block 0 has no allocated extent")]
    [InlineData("i-size 8192\nextent 0 at 5\nbuffers 0 M\nbuffers 0 M", 4, "page 0 has buffers given twice (also on line 3)")]
    [InlineData("i-size 8192\ndirty 1", 2, "page 1 is dirty but file block 1 is a hole, which writing it must allocate: say where with 'extent 1 at DISK-BLOCK new'")]
    [InlineData("i-size 4096\nsync some", 2, "sync must be 'all' (WB_SYNC_ALL) or 'none' (WB_SYNC_NONE), not 'some'")]
    [InlineData("i-size 4096\nbio-max-pages 0", 2, "bio-max-pages must be between 1 and 4096, not 0")]
    [InlineData("i-size 4096\ndirty", 2, "dirty needs at least one page or page range")]
    public void An_error_names_the_line_and_what_is_wrong(string text, int line, string reason)
    {
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse(text));

        Assert.Equal(line, error.Line);
        Assert.StartsWith(reason, error.Reason, StringComparison.Ordinal);
        Assert.StartsWith($"line {line}: {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_layout_without_i_size_is_refused_as_a_whole()
    {
        var error = Assert.Throws<LayoutFormatException>(() => LayoutParser.Parse("block-size 1024\n# nothing else\n"));

        Assert.Null(error.Line);
        Assert.Equal("no i-size line: every layout must give the file size (i-size BYTES)", error.Message);
    }

    [Fact]
    public void Clean_unmapped_buffers_of_a_dirty_page_may_cover_holes()
    {
        var layout = LayoutParser.Parse("block-size 2048\ni-size 4096\nextent 0 at 9\ndirty 0\nbuffers 0 MDU -\n");

        Assert.Null(layout.ExtentOf(1));
        Assert.Equal(BufferState.None, layout.Buffers[0].States[1]);
    }
}
