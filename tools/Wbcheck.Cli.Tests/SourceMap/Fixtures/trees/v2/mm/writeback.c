/*
 * mm/writeback.c of an imaginary kernel 9.1: the 1.0 file after some years.
 * clear_dirty changed, start_io was only reformatted, finish_io is gone,
 * and account_dirty is new.
 */
#include <linux/mm.h>

static int nr_dirty;

static void account_dirty(int delta)
{
	nr_dirty += delta;
}

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
		account_dirty(-1);
		return 1;
	}
	return 0;
}
EXPORT_SYMBOL(clear_dirty);

void
start_io(struct page *page)
{
	page->writeback = 1;	/* the I/O owns the page now */
	submit( page );
}

static int helper(int value)
{
	return value * 2;
}
