/*
 * wbcheck conformance shim: just enough of the kernel's types and calls, in userspace, for a
 * page-cache writeback function cut out of a kernel tree to compile and run. Our own code. Every
 * observable thing it does goes through the recorder (shim_anchor), which the C# side reads.
 *
 * One case at a time, single-threaded: a page lock or writeback wait that would sleep runs the
 * pending "other threads" (an unlock by another holder, an I/O completion) in order, as the
 * model's sequential runtime does; when none is left it records "would block" and abandons the
 * call (longjmp back to the driver).
 */
#ifndef WBCHECK_SHIM_H
#define WBCHECK_SHIM_H

#include <stddef.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#define SHIM_MAX_PAGES 64

typedef unsigned long pgoff_t;
typedef long long loff_t;
typedef unsigned int gfp_t;

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)
#define fastcall
#define __cacheline_aligned_in_smp
#define EXPORT_SYMBOL(x)
#define EXPORT_SYMBOL_GPL(x)
#define BUG() shim_bug(__func__, __LINE__)
#define BUG_ON(c) do { if (unlikely(c)) BUG(); } while (0)
#define WARN_ON(c) (c)
#define min(x, y) ({ typeof(x) _min1 = (x); typeof(y) _min2 = (y); _min1 < _min2 ? _min1 : _min2; })
#define max(x, y) ({ typeof(x) _max1 = (x); typeof(y) _max2 = (y); _max1 > _max2 ? _max1 : _max2; })

#define EIO 5
#define ENOSPC 28
#define AOP_WRITEPAGE_ACTIVATE 0x80000

#define PAGE_CACHE_SHIFT 12
#define PAGE_CACHE_SIZE (1UL << PAGE_CACHE_SHIFT)
#define PAGE_SHIFT PAGE_CACHE_SHIFT
#define PAGE_SIZE PAGE_CACHE_SIZE
#define PAGEVEC_SIZE 14

/* page->flags bits (our numbering) */
enum { PG_locked, PG_error, PG_uptodate, PG_dirty, PG_writeback, PG_reclaim };
/* mapping->flags bits */
enum { AS_EIO = 24, AS_ENOSPC = 25 };
/* radix-tree tags */
#define PAGECACHE_TAG_DIRTY 0
#define PAGECACHE_TAG_WRITEBACK 1
#define PAGECACHE_TAG_TOWRITE 2
#define SHIM_TAGS 3

enum zone_stat_item { NR_FILE_DIRTY, NR_WRITEBACK, NR_UNSTABLE_NFS, NR_FILE_MAPPED, NR_ANON_PAGES, SHIM_NR_STATS };
enum writeback_sync_modes { WB_SYNC_NONE, WB_SYNC_ALL, WB_SYNC_HOLD };
#define I_DIRTY_PAGES 4

struct address_space;
struct writeback_control;

struct page {
	unsigned long flags;
	struct address_space *mapping;
	pgoff_t index;
};

/* A folio here is one page, laid out as struct page (6.9's folios of order 0). */
struct folio {
	unsigned long flags;
	struct address_space *mapping;
	pgoff_t index;
};

#define FOLIO_BATCH_SIZE 31
struct folio_batch {
	unsigned char nr;
	unsigned char i;
	struct folio *folios[FOLIO_BATCH_SIZE];
};

struct radix_tree_root {
	struct page *slots[SHIM_MAX_PAGES];
	unsigned char tags[SHIM_TAGS][SHIM_MAX_PAGES];
};

typedef struct { int held; } rwlock_t;
typedef struct { int held; } spinlock_t;

struct backing_dev_info { int unused; };
struct inode { int i_ino; unsigned i_blkbits; loff_t i_size; };

struct address_space_operations {
	int (*writepage)(struct page *page, struct writeback_control *wbc);
	int (*writepages)(struct address_space *mapping, struct writeback_control *wbc);
	int (*set_page_dirty)(struct page *page);
};

struct address_space {
	struct inode *host;
	struct radix_tree_root page_tree;
	rwlock_t tree_lock;
	unsigned long nrpages;
	pgoff_t writeback_index;
	const struct address_space_operations *a_ops;
	unsigned long flags;
	struct backing_dev_info *backing_dev_info;
};

struct writeback_control {
	struct backing_dev_info *bdi;
	enum writeback_sync_modes sync_mode;
	unsigned long *older_than_this;
	long nr_to_write;
	long pages_skipped;
	loff_t range_start;
	loff_t range_end;
	unsigned nonblocking:1;
	unsigned encountered_congestion:1;
	unsigned for_kupdate:1;
	unsigned for_reclaim:1;
	unsigned for_writepages:1;
	unsigned range_cyclic:1;
	unsigned tagged_writepages:1;
	/* internal fields used by the ->writepages implementation (6.9) */
	struct folio_batch fbatch;
	pgoff_t index;
	int saved_err;
};

struct pagevec {
	unsigned long nr;
	unsigned long cold;
	struct page *pages[PAGEVEC_SIZE];
};

/* ---- bits ---- */
static inline int test_bit(int nr, const unsigned long *addr) { return (*addr >> nr) & 1; }
void set_bit(int nr, unsigned long *addr);
void clear_bit(int nr, unsigned long *addr);
int test_and_set_bit(int nr, unsigned long *addr);
int test_and_clear_bit(int nr, unsigned long *addr);

#define PageLocked(p) test_bit(PG_locked, &(p)->flags)
#define PageError(p) test_bit(PG_error, &(p)->flags)
#define SetPageError(p) set_bit(PG_error, &(p)->flags)
#define ClearPageError(p) clear_bit(PG_error, &(p)->flags)
#define PageUptodate(p) test_bit(PG_uptodate, &(p)->flags)
#define PageDirty(p) test_bit(PG_dirty, &(p)->flags)
#define SetPageDirty(p) set_bit(PG_dirty, &(p)->flags)
#define ClearPageDirty(p) clear_bit(PG_dirty, &(p)->flags)
#define TestSetPageDirty(p) test_and_set_bit(PG_dirty, &(p)->flags)
#define TestClearPageDirty(p) test_and_clear_bit(PG_dirty, &(p)->flags)
#define PageWriteback(p) test_bit(PG_writeback, &(p)->flags)
#define PageReclaim(p) test_bit(PG_reclaim, &(p)->flags)
#define TestClearPageReclaim(p) test_and_clear_bit(PG_reclaim, &(p)->flags)
/* As include/linux/page-flags.h had them in the zoned-vmstat era: the bit and NR_WRITEBACK together. */
int TestSetPageWriteback(struct page *page);
int TestClearPageWriteback(struct page *page);

/* ---- accounting ---- */
void inc_zone_page_state(struct page *page, enum zone_stat_item item);
void dec_zone_page_state(struct page *page, enum zone_stat_item item);
#define __inc_zone_page_state inc_zone_page_state
#define __dec_zone_page_state dec_zone_page_state
static inline void task_io_account_write(size_t bytes) { (void)bytes; }
static inline int mapping_cap_account_dirty(struct address_space *mapping) { (void)mapping; return 1; }
static inline int page_mkclean(struct page *page) { (void)page; return 0; }
static inline void __mark_inode_dirty(struct inode *inode, int flags) { (void)inode; (void)flags; }
static inline void cond_resched(void) { }
static inline void page_cache_get(struct page *page) { (void)page; }
static inline void page_cache_release(struct page *page) { (void)page; }

/* ---- the tree lock: recorded as held, never contended ---- */
#define write_lock_irq(l) ((l)->held = 1)
#define write_unlock_irq(l) ((l)->held = 0)
#define read_lock_irq(l) ((l)->held = 1)
#define read_unlock_irq(l) ((l)->held = 0)
#define write_lock_irqsave(l, f) ((f) = 0, (l)->held = 1)
#define write_unlock_irqrestore(l, f) ((void)(f), (l)->held = 0)
#define read_lock_irqsave(l, f) ((f) = 0, (l)->held = 1)
#define read_unlock_irqrestore(l, f) ((void)(f), (l)->held = 0)

/* ---- the page tree ---- */
void radix_tree_tag_set(struct radix_tree_root *root, unsigned long index, int tag);
void radix_tree_tag_clear(struct radix_tree_root *root, unsigned long index, int tag);
int radix_tree_tag_get(struct radix_tree_root *root, unsigned long index, int tag);
static inline struct address_space *page_mapping(struct page *page) { return page->mapping; }
static inline pgoff_t page_index(struct page *page) { return page->index; }

static inline void pagevec_init(struct pagevec *pvec, int cold) { pvec->nr = 0; pvec->cold = cold; }
static inline unsigned pagevec_count(struct pagevec *pvec) { return pvec->nr; }
unsigned find_get_pages_tag(struct address_space *mapping, pgoff_t *index, int tag, unsigned nr_pages, struct page **pages);
unsigned pagevec_lookup_tag(struct pagevec *pvec, struct address_space *mapping, pgoff_t *index, int tag, unsigned nr_pages);
void pagevec_release(struct pagevec *pvec);

/* ---- locks and waits ---- */
void lock_page(struct page *page);
int TestSetPageLocked(struct page *page);
void unlock_page(struct page *page);
void wait_on_page_writeback(struct page *page);
void end_page_writeback(struct page *page);
int bdi_write_congested(struct backing_dev_info *bdi);

/* ---- the recorder and the case ---- */
void shim_bug(const char *function, int line);
void shim_anchor(const char *format, ...) __attribute__((format(printf, 1, 2)));
void shim_queue_pending(int kind, struct page *page);
enum { SHIM_PENDING_UNLOCK = 1, SHIM_PENDING_IO_DONE = 2 };

/* What the filesystem's ->writepage does with each page (indexed by page index). */
enum shim_fs_action { FS_WRITE_ASYNC, FS_WRITE_SYNC, FS_REDIRTY, FS_ACTIVATE, FS_EIO, FS_ENOSPC };

struct shim_world {
	struct address_space mapping;
	struct inode host;
	struct backing_dev_info bdi;
	struct page pages[SHIM_MAX_PAGES];
	int fs_action[SHIM_MAX_PAGES];
	long stats[SHIM_NR_STATS];
	int congested_after; /* bdi_write_congested once this many ->writepage calls were made; -1 never */
	int writepage_calls;
	int pending_kind[2 * SHIM_MAX_PAGES];
	struct page *pending_page[2 * SHIM_MAX_PAGES];
	int pending_head, pending_tail;
	char *out;
	int out_len, out_used;
	jmp_buf abandon;
};
extern struct shim_world shim;

/* The case as the C# side hands it over (all longs). */
#define SHIM_PAGE_PRESENT 1
#define SHIM_PAGE_LOCKED 2
#define SHIM_PAGE_DIRTY 4
#define SHIM_PAGE_WRITEBACK 8
#define SHIM_PAGE_ERROR 16
#define SHIM_PAGE_TAG_DIRTY 32
#define SHIM_PAGE_TAG_WRITEBACK 64
#define SHIM_PAGE_UPTODATE 128
void shim_setup(const long *pages, int npages, const long *wbc_in, struct writeback_control *wbc, char *out, int out_len);
void shim_finish(int ret, struct writeback_control *wbc);

#endif
