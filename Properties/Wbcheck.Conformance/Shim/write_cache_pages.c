/* wbcheck conformance driver: one call of 6.9 write_cache_pages on the case's mapping, with a
 * filesystem that uses 6.9's folio helpers (the shim's, written from 6.9). */

/* __folio_start_writeback(folio, false) */
static void folio_start_writeback(struct folio *folio)
{
	struct address_space *mapping = folio->mapping;
	int ret = test_and_set_bit(PG_writeback, &folio->flags);
	if (!ret)
		mapping->page_tree.tags[PAGECACHE_TAG_WRITEBACK][folio->index] = 1;
	if (!folio_test_dirty(folio))
		mapping->page_tree.tags[PAGECACHE_TAG_DIRTY][folio->index] = 0;
	mapping->page_tree.tags[PAGECACHE_TAG_TOWRITE][folio->index] = 0;
	if (!ret)
		shim.stats[NR_WRITEBACK]++;
}

/* folio_end_writeback, through __folio_end_writeback */
void end_page_writeback(struct page *page)
{
	if (!test_and_clear_bit(PG_writeback, &page->flags))
		BUG();
	page->mapping->page_tree.tags[PAGECACHE_TAG_WRITEBACK][page->index] = 0;
	shim.stats[NR_WRITEBACK]--;
}

/* filemap_dirty_folio */
static int filemap_dirty_folio(struct address_space *mapping, struct folio *folio)
{
	if (test_and_set_bit(PG_dirty, &folio->flags))
		return 0;
	shim.stats[NR_FILE_DIRTY]++;
	mapping->page_tree.tags[PAGECACHE_TAG_DIRTY][folio->index] = 1;
	return 1;
}

static int folio_redirty_for_writepage(struct writeback_control *wbc, struct folio *folio)
{
	wbc->pages_skipped += folio_nr_pages(folio);
	return filemap_dirty_folio(folio->mapping, folio);
}

static int shim_writepage_folio(struct folio *folio, struct writeback_control *wbc, void *data)
{
	int action = shim.fs_action[folio->index];
	int ret = 0;
	(void)data;
	shim.writepage_calls++;
	shim_anchor("->writepage %lu", folio->index);
	switch (action) {
	case FS_WRITE_ASYNC:
	case FS_WRITE_SYNC:
		folio_start_writeback(folio);
		folio_unlock(folio);
		if (action == FS_WRITE_SYNC)
			end_page_writeback(folio_page_of(folio));
		else
			shim_queue_pending(SHIM_PENDING_IO_DONE, folio_page_of(folio));
		break;
	case FS_REDIRTY:
		folio_redirty_for_writepage(wbc, folio);
		folio_unlock(folio);
		break;
	case FS_ACTIVATE:
		filemap_dirty_folio(folio->mapping, folio);
		ret = AOP_WRITEPAGE_ACTIVATE;
		break;
	case FS_EIO:
	case FS_ENOSPC:
		set_bit(PG_error, &folio->flags);
		folio_unlock(folio);
		ret = action == FS_EIO ? -EIO : -ENOSPC;
		break;
	}
	shim_anchor("->writepage %lu returns %d", folio->index, ret);
	return ret;
}

__attribute__((visibility("default"))) int conform_write_cache_pages(const long *pages, int npages, const long *wbc_in, char *out, int out_len)
{
	struct writeback_control wbc;
	int ret;
	shim_setup(pages, npages, wbc_in, &wbc, out, out_len);
	if (setjmp(shim.abandon))
		return shim.out_used;
	ret = write_cache_pages(&shim.mapping, &wbc, shim_writepage_folio, NULL);
	shim_finish(ret, &wbc);
	return shim.out_used;
}
