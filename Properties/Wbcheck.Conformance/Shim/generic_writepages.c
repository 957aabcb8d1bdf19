/* wbcheck conformance driver: one call of 2.6.20 generic_writepages on the case's mapping, with a
 * filesystem that uses the 2.6.20 helpers compiled from the same file. */

/* mm/filemap.c's end_page_writeback, without reclaim's rotation (no page here is PG_reclaim). */
void end_page_writeback(struct page *page)
{
	if (!TestClearPageReclaim(page)) {
		if (!test_clear_page_writeback(page))
			BUG();
	}
}

/* The filesystem: what it does with each page is the case's. */
int shim_writepage(struct page *page, struct writeback_control *wbc)
{
	int action = shim.fs_action[page->index];
	int ret = 0;
	shim.writepage_calls++;
	shim_anchor("->writepage %lu", page->index);
	switch (action) {
	case FS_WRITE_ASYNC:
	case FS_WRITE_SYNC:
		test_set_page_writeback(page);
		unlock_page(page);
		if (action == FS_WRITE_SYNC)
			end_page_writeback(page);
		else
			shim_queue_pending(SHIM_PENDING_IO_DONE, page);
		break;
	case FS_REDIRTY:
		redirty_page_for_writepage(wbc, page);
		unlock_page(page);
		break;
	case FS_ACTIVATE:
		__set_page_dirty_nobuffers(page);
		ret = AOP_WRITEPAGE_ACTIVATE;
		break;
	case FS_EIO:
	case FS_ENOSPC:
		SetPageError(page);
		unlock_page(page);
		ret = action == FS_EIO ? -EIO : -ENOSPC;
		break;
	}
	shim_anchor("->writepage %lu returns %d", page->index, ret);
	return ret;
}

static const struct address_space_operations shim_aops = { .writepage = shim_writepage };

__attribute__((visibility("default"))) int conform_generic_writepages(const long *pages, int npages, const long *wbc_in, char *out, int out_len)
{
	struct writeback_control wbc;
	int ret;
	shim_setup(pages, npages, wbc_in, &wbc, out, out_len);
	shim.mapping.a_ops = &shim_aops;
	if (setjmp(shim.abandon))
		return shim.out_used;
	ret = generic_writepages(&shim.mapping, &wbc);
	shim_finish(ret, &wbc);
	return shim.out_used;
}
