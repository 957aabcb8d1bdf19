/*
 * wbcheck conformance shim, 6.9: the folio calls writeback_iter and write_cache_pages make, and
 * stand-ins for the static helpers of mm/page-writeback.c 6.9 that the seeds do not hold (the 2024
 * patch shows writeback_iter and write_cache_pages whole, not writeback_get_folio,
 * folio_prepare_writeback, wbc_end or wbc_to_tag). The stand-ins are our own code, written to do
 * what 6.9's do; where the kernel tree defines one, the tree's is compiled instead (the
 * translation unit defines WBCHECK_FROM_SOURCE_name before this file).
 */
typedef int (*writepage_t)(struct folio *folio, struct writeback_control *wbc, void *data);
typedef int xa_mark_t;

#include <stdbool.h>

#define WARN_ON_ONCE(c) (c)
#define trace_wbc_writepage(wbc, bdi) do { } while (0)

static inline long folio_nr_pages(struct folio *folio) { (void)folio; return 1; }
static inline struct page *folio_page_of(struct folio *folio) { return (struct page *)folio; }
static inline int folio_test_dirty(struct folio *folio) { return test_bit(PG_dirty, &folio->flags); }
static inline int folio_test_writeback(struct folio *folio) { return test_bit(PG_writeback, &folio->flags); }
static inline void folio_lock(struct folio *folio) { lock_page(folio_page_of(folio)); }
static inline void folio_unlock(struct folio *folio) { unlock_page(folio_page_of(folio)); }
static inline void folio_wait_writeback(struct folio *folio) { wait_on_page_writeback(folio_page_of(folio)); }
/* include/linux/pagemap.h: the index after the folio (6.10's writeback_iter uses it at "done"). */
static inline pgoff_t folio_next_index(struct folio *folio) { return folio->index + folio_nr_pages(folio); }

static inline void folio_batch_init(struct folio_batch *fbatch) { fbatch->nr = 0; fbatch->i = 0; }
static inline void folio_batch_release(struct folio_batch *fbatch) { fbatch->nr = 0; fbatch->i = 0; }
static inline struct folio *folio_batch_next(struct folio_batch *fbatch)
{
	if (fbatch->i == fbatch->nr)
		return NULL;
	return fbatch->folios[fbatch->i++];
}

/* mm/filemap.c: up to a batch of folios tagged in [*start, end]; *start moves past the last one,
 * or past end when the range is done. */
static unsigned filemap_get_folios_tag(struct address_space *mapping, pgoff_t *start, pgoff_t end, xa_mark_t tag,
				       struct folio_batch *fbatch)
{
	pgoff_t i;
	for (i = *start; i < SHIM_MAX_PAGES && i <= end && fbatch->nr < FOLIO_BATCH_SIZE; i++)
		if (mapping->page_tree.slots[i] && mapping->page_tree.tags[tag][i])
			fbatch->folios[fbatch->nr++] = (struct folio *)mapping->page_tree.slots[i];
	if (fbatch->nr == FOLIO_BATCH_SIZE)
		*start = fbatch->folios[fbatch->nr - 1]->index + 1;
	else if (end == (pgoff_t)-1)
		*start = (pgoff_t)-1;
	else
		*start = end + 1;
	return fbatch->nr;
}

static void tag_pages_for_writeback(struct address_space *mapping, pgoff_t start, pgoff_t end)
{
	pgoff_t i;
	for (i = start; i < SHIM_MAX_PAGES && i <= end; i++)
		if (mapping->page_tree.slots[i] && mapping->page_tree.tags[PAGECACHE_TAG_DIRTY][i])
			mapping->page_tree.tags[PAGECACHE_TAG_TOWRITE][i] = 1;
}

static int folio_clear_dirty_for_io(struct folio *folio)
{
	if (test_and_clear_bit(PG_dirty, &folio->flags)) {
		shim.stats[NR_FILE_DIRTY]--;
		return 1;
	}
	return 0;
}

/* The four helpers, stand-in or the tree's, call each other in either order. */
static pgoff_t wbc_end(struct writeback_control *wbc);
static xa_mark_t wbc_to_tag(struct writeback_control *wbc);
static bool folio_prepare_writeback(struct address_space *mapping, struct writeback_control *wbc, struct folio *folio);
static struct folio *writeback_get_folio(struct address_space *mapping, struct writeback_control *wbc);

#ifndef WBCHECK_FROM_SOURCE_wbc_end
static pgoff_t wbc_end(struct writeback_control *wbc)
{
	if (wbc->range_cyclic)
		return -1;
	return wbc->range_end >> PAGE_SHIFT;
}
#endif

#ifndef WBCHECK_FROM_SOURCE_wbc_to_tag
static xa_mark_t wbc_to_tag(struct writeback_control *wbc)
{
	if (wbc->sync_mode == WB_SYNC_ALL || wbc->tagged_writepages)
		return PAGECACHE_TAG_TOWRITE;
	return PAGECACHE_TAG_DIRTY;
}
#endif

#ifndef WBCHECK_FROM_SOURCE_folio_prepare_writeback
static bool folio_prepare_writeback(struct address_space *mapping, struct writeback_control *wbc, struct folio *folio)
{
	if (unlikely(folio->mapping != mapping))
		return 0;
	if (!folio_test_dirty(folio))
		return 0;
	if (folio_test_writeback(folio)) {
		if (wbc->sync_mode == WB_SYNC_NONE)
			return 0;
		folio_wait_writeback(folio);
	}
	BUG_ON(folio_test_writeback(folio));
	if (!folio_clear_dirty_for_io(folio))
		return 0;
	return 1;
}
#endif

#ifndef WBCHECK_FROM_SOURCE_writeback_get_folio
static struct folio *writeback_get_folio(struct address_space *mapping, struct writeback_control *wbc)
{
	struct folio *folio;
retry:
	folio = folio_batch_next(&wbc->fbatch);
	if (!folio) {
		folio_batch_release(&wbc->fbatch);
		cond_resched();
		filemap_get_folios_tag(mapping, &wbc->index, wbc_end(wbc), wbc_to_tag(wbc), &wbc->fbatch);
		folio = folio_batch_next(&wbc->fbatch);
		if (!folio)
			return NULL;
	}
	folio_lock(folio);
	if (unlikely(!folio_prepare_writeback(mapping, wbc, folio))) {
		folio_unlock(folio);
		goto retry;
	}
	trace_wbc_writepage(wbc, NULL);
	return folio;
}
#endif
