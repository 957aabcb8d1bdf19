namespace Wbcheck.Model;

/// <summary>Bugs of a filesystem's own -&gt;page_mkwrite (<see cref="Fs.SimpleFsOptions.BlockPageMkwrite"/>).</summary>
public sealed partial record Faults
{
    /// <summary>
    /// block_page_mkwrite does not look, once it holds the page lock, whether truncate took the
    /// page out of the file or moved i_size below it meanwhile: it prepares the page's blocks
    /// wherever the page is. A page still in the file but wholly past the new i_size has its
    /// block allocated past EOF (<see cref="Invariants.WritePastEof"/>, 5417169026c3's reason for
    /// the check); a page out of the file has no mapping, and block_prepare_write dereferences
    /// NULL (a kernel bug report, in the function <see cref="EraNames.BlockPrepareWrite"/> names).
    /// </summary>
    public bool BlockPageMkwriteSkipsMappingCheck { get; init; }

    /// <summary>
    /// block_page_mkwrite keeps the half of its check that asks whether truncate took the page
    /// out of the file, and drops the half that asks whether i_size now ends before the page
    /// (<c>page_offset(page) &gt; size</c>; <c>folio_pos &gt;= size</c> in the folio form): the
    /// check 5417169026c3 gave its reason for, "so we don't end up allowing allocations beyond the
    /// current EOF". Only the allocation shows: a page truncate has not yet reached, wholly past
    /// the i_size truncate has already set, has its block allocated past EOF
    /// (<see cref="Invariants.WritePastEof"/>) where the page form prepares a non-empty range,
    /// and the folio form's wrapped length hits __block_write_begin_int's BUG_ON; a page truncate
    /// took is still given up. The EOF property's shrunk counterexample is the invariant's
    /// report (docs/eras.md section 126), where <see cref="BlockPageMkwriteSkipsMappingCheck"/>
    /// shrinks to the NULL dereference.
    /// </summary>
    public bool BlockPageMkwriteSkipsEofCheck { get; init; }

    /// <summary>
    /// do_wp_page unlocks the page a -&gt;page_mkwrite returned locked before it marks it dirty,
    /// as before b827e496c893 (its do_wp_page hunk left out): from the 2.6.36 era until 3.19's
    /// 2d6d7f982846, which locks the page again for the dirtying, truncate may take the page
    /// between. block-page-mkwrite-vs-truncate's 2.6.36 cell holds by that hunk alone.
    /// </summary>
    public bool WpPageMkwriteDirtiesUnlocked { get; init; }
}
