/*
 * wbcheck conformance shim, 2.6.23: what write_cache_pages and __writepage add to the 2.6.20
 * calls: WARN_ON_ONCE (a no-op test, as shim.h's WARN_ON), the writepage_t callback type
 * (include/linux/writeback.h) and mapping_set_error
 * (include/linux/pagemap.h), which sets AS_ENOSPC for -ENOSPC and AS_EIO for any other error,
 * AOP_WRITEPAGE_ACTIVATE included. Our own code, written from 2.6.23.
 */
#define WARN_ON_ONCE(c) (c)
/* No page here has buffers or other private data (PG_private). */
#define PagePrivate(p) 0
#define ClearPageReclaim(p) clear_bit(PG_reclaim, &(p)->flags)

/* By 2.6.23 page-flags.h sets and clears the bit alone: test_set_page_writeback and
 * test_clear_page_writeback count NR_WRITEBACK themselves (shim.c's counting ones give way). */
#define WBCHECK_PAGE_FLAGS_PLAIN 1
#undef TestSetPageWriteback
#undef TestClearPageWriteback
#define TestSetPageWriteback(p) test_and_set_bit(PG_writeback, &(p)->flags)
#define TestClearPageWriteback(p) test_and_clear_bit(PG_writeback, &(p)->flags)

/* mm/page-writeback.c set_page_dirty for the shim's filesystem, which has no ->set_page_dirty of
 * its own and no buffers; clear_page_dirty_for_io calls it only when page_mkclean found a dirty
 * pte, which the shim's never does. */
int __set_page_dirty_nobuffers(struct page *page);
static inline int set_page_dirty(struct page *page) { return __set_page_dirty_nobuffers(page); }

typedef int (*writepage_t)(struct page *page, struct writeback_control *wbc, void *data);

static inline void mapping_set_error(struct address_space *mapping, int error)
{
	if (unlikely(error)) {
		if (error == -ENOSPC)
			set_bit(AS_ENOSPC, &mapping->flags);
		else
			set_bit(AS_EIO, &mapping->flags);
	}
}
