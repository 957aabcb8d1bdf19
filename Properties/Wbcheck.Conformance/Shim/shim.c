/*
 * wbcheck conformance shim: the implementation (our own code; see shim.h). Included after the
 * kernel functions under test, so the filesystem below calls them as a real one would.
 */
struct shim_world shim;

void set_bit(int nr, unsigned long *addr) { *addr |= 1UL << nr; }
void clear_bit(int nr, unsigned long *addr) { *addr &= ~(1UL << nr); }
int test_and_set_bit(int nr, unsigned long *addr) { int old = test_bit(nr, addr); set_bit(nr, addr); return old; }
int test_and_clear_bit(int nr, unsigned long *addr) { int old = test_bit(nr, addr); clear_bit(nr, addr); return old; }

#ifndef WBCHECK_PAGE_FLAGS_PLAIN
int TestSetPageWriteback(struct page *page)
{
	int ret = test_and_set_bit(PG_writeback, &page->flags);
	if (!ret)
		inc_zone_page_state(page, NR_WRITEBACK);
	return ret;
}

int TestClearPageWriteback(struct page *page)
{
	int ret = test_and_clear_bit(PG_writeback, &page->flags);
	if (ret)
		dec_zone_page_state(page, NR_WRITEBACK);
	return ret;
}
#endif

void inc_zone_page_state(struct page *page, enum zone_stat_item item) { (void)page; shim.stats[item]++; }
void dec_zone_page_state(struct page *page, enum zone_stat_item item) { (void)page; shim.stats[item]--; }

void radix_tree_tag_set(struct radix_tree_root *root, unsigned long index, int tag)
{
	if (index >= SHIM_MAX_PAGES || !root->slots[index])
		BUG();
	root->tags[tag][index] = 1;
}

void radix_tree_tag_clear(struct radix_tree_root *root, unsigned long index, int tag)
{
	if (index < SHIM_MAX_PAGES)
		root->tags[tag][index] = 0;
}

int radix_tree_tag_get(struct radix_tree_root *root, unsigned long index, int tag)
{
	return index < SHIM_MAX_PAGES && root->tags[tag][index];
}

/* mm/filemap.c's find_get_pages_tag as 2.6.20 had it: up to nr_pages tagged pages from *index, with
 * no end; *index moves just past the last one found. */
unsigned find_get_pages_tag(struct address_space *mapping, pgoff_t *index, int tag, unsigned nr_pages, struct page **pages)
{
	unsigned ret = 0;
	pgoff_t i;
	read_lock_irq(&mapping->tree_lock);
	for (i = *index; i < SHIM_MAX_PAGES && ret < nr_pages; i++)
		if (mapping->page_tree.slots[i] && mapping->page_tree.tags[tag][i])
			pages[ret++] = mapping->page_tree.slots[i];
	if (ret)
		*index = pages[ret - 1]->index + 1;
	read_unlock_irq(&mapping->tree_lock);
	return ret;
}

unsigned pagevec_lookup_tag(struct pagevec *pvec, struct address_space *mapping, pgoff_t *index, int tag, unsigned nr_pages)
{
	pvec->nr = find_get_pages_tag(mapping, index, tag, nr_pages, pvec->pages);
	return pagevec_count(pvec);
}

void pagevec_release(struct pagevec *pvec) { pvec->nr = 0; }

static void shim_append(const char *format, va_list args)
{
	int room = shim.out_len - shim.out_used;
	int n = room > 0 ? vsnprintf(shim.out + shim.out_used, room, format, args) : 0;
	shim.out_used += n < room ? n : room;
}

static void shim_print(const char *format, ...)
{
	va_list args;
	va_start(args, format);
	shim_append(format, args);
	va_end(args);
}

/* The state every anchor is followed by: each page's flags and tags, the mapping's error bits, the counters. */
static void shim_state(void)
{
	int i;
	shim_print("S");
	for (i = 0; i < SHIM_MAX_PAGES; i++) {
		struct page *page = shim.mapping.page_tree.slots[i];
		if (!page)
			continue;
		shim_print(" %d:%s%s%s%s%s/%s%s%s", i,
			   PageLocked(page) ? "L" : "", PageDirty(page) ? "D" : "", PageWriteback(page) ? "W" : "",
			   PageError(page) ? "E" : "", PageUptodate(page) ? "U" : "",
			   shim.mapping.page_tree.tags[PAGECACHE_TAG_DIRTY][i] ? "d" : "",
			   shim.mapping.page_tree.tags[PAGECACHE_TAG_WRITEBACK][i] ? "w" : "",
			   shim.mapping.page_tree.tags[PAGECACHE_TAG_TOWRITE][i] ? "t" : "");
	}
	shim_print(" as:%s%s nr_file_dirty:%ld nr_writeback:%ld\n",
		   test_bit(AS_EIO, &shim.mapping.flags) ? "E" : "", test_bit(AS_ENOSPC, &shim.mapping.flags) ? "N" : "",
		   shim.stats[NR_FILE_DIRTY], shim.stats[NR_WRITEBACK]);
}

void shim_anchor(const char *format, ...)
{
	va_list args;
	shim_print("E ");
	va_start(args, format);
	shim_append(format, args);
	va_end(args);
	shim_print("\n");
	shim_state();
}

void shim_bug(const char *function, int line)
{
	shim_anchor("BUG in %s (line %d)", function, line);
	longjmp(shim.abandon, 1);
}

void shim_queue_pending(int kind, struct page *page)
{
	shim.pending_kind[shim.pending_tail] = kind;
	shim.pending_page[shim.pending_tail++] = page;
}

/* Another thread runs: the oldest pending unlock or I/O completion. 0 when none is left. */
static int shim_run_pending(void)
{
	struct page *page;
	int kind;
	if (shim.pending_head == shim.pending_tail)
		return 0;
	kind = shim.pending_kind[shim.pending_head];
	page = shim.pending_page[shim.pending_head++];
	if (kind == SHIM_PENDING_UNLOCK) {
		shim_anchor("another holder unlocks page %lu", page->index);
		unlock_page(page);
	} else {
		shim_anchor("I/O completes on page %lu", page->index);
		end_page_writeback(page);
	}
	return 1;
}

static void shim_would_block(const char *what, struct page *page)
{
	shim_anchor("would block: %s page %lu with nothing left to run", what, page->index);
	longjmp(shim.abandon, 1);
}

void lock_page(struct page *page)
{
	while (PageLocked(page))
		if (!shim_run_pending())
			shim_would_block("lock_page", page);
	set_bit(PG_locked, &page->flags);
	shim_anchor("lock_page %lu", page->index);
}

int TestSetPageLocked(struct page *page)
{
	int ret = test_and_set_bit(PG_locked, &page->flags);
	if (!ret)
		shim_anchor("lock_page %lu", page->index);
	return ret;
}

void unlock_page(struct page *page)
{
	if (!PageLocked(page))
		BUG();
	clear_bit(PG_locked, &page->flags);
}

void wait_on_page_writeback(struct page *page)
{
	while (PageWriteback(page))
		if (!shim_run_pending())
			shim_would_block("wait_on_page_writeback", page);
}

int bdi_write_congested(struct backing_dev_info *bdi)
{
	(void)bdi;
	return shim.congested_after >= 0 && shim.writepage_calls >= shim.congested_after;
}

/* pages: per page index, SHIM_PAGE_* bits | (fs action << 16). wbc_in: sync_mode, nr_to_write,
 * range_start, range_end, range_cyclic, nonblocking, writeback_index, congested_after. Pending:
 * each locked page gets an unlock, then each page under writeback an I/O completion, by index. */
void shim_setup(const long *pages, int npages, const long *wbc_in, struct writeback_control *wbc, char *out, int out_len)
{
	int i;
	memset(&shim, 0, sizeof(shim));
	shim.out = out;
	shim.out_len = out_len;
	shim.mapping.host = &shim.host;
	shim.mapping.backing_dev_info = &shim.bdi;
	shim.mapping.writeback_index = (pgoff_t)wbc_in[6];
	shim.congested_after = (int)wbc_in[7];
	for (i = 0; i < npages && i < SHIM_MAX_PAGES; i++) {
		long bits = pages[i];
		struct page *page = &shim.pages[i];
		if (!(bits & SHIM_PAGE_PRESENT))
			continue;
		page->index = i;
		page->mapping = &shim.mapping;
		if (bits & SHIM_PAGE_LOCKED) set_bit(PG_locked, &page->flags);
		if (bits & SHIM_PAGE_DIRTY) { set_bit(PG_dirty, &page->flags); shim.stats[NR_FILE_DIRTY]++; }
		if (bits & SHIM_PAGE_WRITEBACK) { set_bit(PG_writeback, &page->flags); shim.stats[NR_WRITEBACK]++; }
		if (bits & SHIM_PAGE_ERROR) set_bit(PG_error, &page->flags);
		if (bits & SHIM_PAGE_UPTODATE) set_bit(PG_uptodate, &page->flags);
		shim.mapping.page_tree.slots[i] = page;
		shim.mapping.page_tree.tags[PAGECACHE_TAG_DIRTY][i] = (bits & SHIM_PAGE_TAG_DIRTY) != 0;
		shim.mapping.page_tree.tags[PAGECACHE_TAG_WRITEBACK][i] = (bits & SHIM_PAGE_TAG_WRITEBACK) != 0;
		shim.fs_action[i] = (int)(bits >> 16);
		shim.mapping.nrpages++;
	}
	for (i = 0; i < SHIM_MAX_PAGES; i++)
		if (shim.mapping.page_tree.slots[i] && PageLocked(&shim.pages[i]))
			shim_queue_pending(SHIM_PENDING_UNLOCK, &shim.pages[i]);
	for (i = 0; i < SHIM_MAX_PAGES; i++)
		if (shim.mapping.page_tree.slots[i] && PageWriteback(&shim.pages[i]))
			shim_queue_pending(SHIM_PENDING_IO_DONE, &shim.pages[i]);
	memset(wbc, 0, sizeof(*wbc));
	wbc->bdi = &shim.bdi;
	wbc->sync_mode = (enum writeback_sync_modes)wbc_in[0];
	wbc->nr_to_write = wbc_in[1];
	wbc->range_start = wbc_in[2];
	wbc->range_end = wbc_in[3];
	wbc->range_cyclic = wbc_in[4] != 0;
	wbc->nonblocking = wbc_in[5] != 0;
	shim_anchor("start");
}

void shim_finish(int ret, struct writeback_control *wbc)
{
	shim_anchor("return %d nr_to_write %ld writeback_index %lu pages_skipped %ld encountered_congestion %d",
		    ret, wbc->nr_to_write, shim.mapping.writeback_index, wbc->pages_skipped, wbc->encountered_congestion);
}
