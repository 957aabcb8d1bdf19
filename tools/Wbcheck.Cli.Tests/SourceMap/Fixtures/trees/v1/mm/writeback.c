/*
 * mm/writeback.c of an imaginary kernel 1.0: a fixture for source-map.
 */
#include <linux/mm.h>

static int nr_dirty;

void mark_dirty(struct page *page)
{
	if (!page->dirty) {
		page->dirty = 1;
		nr_dirty++;
	}
}
EXPORT_SYMBOL(mark_dirty);

int clear_dirty(struct page *page)
{
	if (page->dirty) {
		page->dirty = 0;
		nr_dirty--;
		return 1;
	}
	return 0;
}
EXPORT_SYMBOL(clear_dirty);

void start_io(struct page *page)
{
	page->writeback = 1;
	submit(page);
}

void finish_io(struct page *page)
{
	page->writeback = 0;
	wake_waiters(page);
}

static int helper(int value)
{
	return value * 2;
}
