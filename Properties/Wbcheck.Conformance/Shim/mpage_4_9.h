/*
 * wbcheck conformance shim for 4.9 fs/mpage.c (our own code, written from 4.9's headers and
 * fs/buffer.c, block/bio.c): buffer heads attached from the case's layout, a get_block that maps
 * from it, bios that record their submission, and stand-ins for what mpage's write path calls
 * around them. Each stand-in does what 4.9 does as far as the case can observe it.
 */
typedef unsigned long long sector_t;
typedef unsigned long long blkcnt_t;

#define MAX_BUF_PER_PAGE (PAGE_SIZE / 512)
#define GFP_KERNEL 0xd0u
#define GFP_NOFS 0x50u
#define __GFP_HIGH 0x20u
#define PF_MEMALLOC 0x00000800
#define REQ_OP_WRITE 1
#define REQ_OP_READ 0
#define WRITE_SYNC 0x10
#define EAGAIN 11
#define EOPNOTSUPP 95
#define WRITE 1

struct block_device { int unused; };

/* include/linux/buffer_head.h: the bits __mpage_writepage tests */
enum bh_state_bits { BH_Uptodate, BH_Dirty, BH_Lock, BH_Req, BH_Uptodate_Lock, BH_Mapped, BH_New, BH_Async_Read, BH_Async_Write, BH_Delay, BH_Boundary };
struct buffer_head {
	unsigned long b_state;
	struct buffer_head *b_this_page;
	struct page *b_page;
	sector_t b_blocknr;
	size_t b_size;
	struct block_device *b_bdev;
};
#define buffer_uptodate(bh) test_bit(BH_Uptodate, &(bh)->b_state)
#define buffer_dirty(bh) test_bit(BH_Dirty, &(bh)->b_state)
#define buffer_locked(bh) test_bit(BH_Lock, &(bh)->b_state)
#define buffer_mapped(bh) test_bit(BH_Mapped, &(bh)->b_state)
#define buffer_new(bh) test_bit(BH_New, &(bh)->b_state)
#define buffer_boundary(bh) test_bit(BH_Boundary, &(bh)->b_state)
#define clear_buffer_dirty(bh) clear_bit(BH_Dirty, &(bh)->b_state)
typedef int (get_block_t)(struct inode *inode, sector_t iblock, struct buffer_head *bh_result, int create);

struct bio_vec { struct page *bv_page; unsigned int bv_len; unsigned int bv_offset; };
struct bvec_iter { sector_t bi_sector; unsigned int bi_size; };
struct bio;
typedef void (bio_end_io_t)(struct bio *);
struct bio {
	struct block_device *bi_bdev;
	struct bvec_iter bi_iter;
	int bi_error;
	int bi_op, bi_op_flags;
	unsigned short bi_vcnt, bi_max_vecs;
	bio_end_io_t *bi_end_io;
	struct bio_vec *bi_io_vec;
};
#define bio_for_each_segment_all(bvl, bio, i) for (i = 0, bvl = (bio)->bi_io_vec; i < (bio)->bi_vcnt; i++, bvl++)
#define bio_data_dir(bio) ((bio)->bi_op == REQ_OP_WRITE)
#define bio_set_op_attrs(bio, op, flags) ((bio)->bi_op = (op), (bio)->bi_op_flags = (flags))

/* fs/mpage.c's struct mpage_data of 4.9 (a type, which the function reader does not cut out). */
struct mpage_data {
	struct bio *bio;
	sector_t last_block_in_bio;
	get_block_t *get_block;
	unsigned use_writepage;
};

struct blk_plug { int unused; };
static inline void blk_start_plug(struct blk_plug *plug) { (void)plug; }
static inline void blk_finish_plug(struct blk_plug *plug) { (void)plug; }

struct task_struct { unsigned int flags; };
/* The model's mpage_alloc halves on failure as a PF_MEMALLOC task does: so is this one. */
static struct task_struct shim_current = { PF_MEMALLOC };
#define current (&shim_current)

/* The case's layout: its pages (more than the other targets' page cache holds), per page its
 * buffers, per file block its disk block and marks. */
#define MPAGE_MAX_PAGES 512
#define SHIM_MAX_BLOCKS (MPAGE_MAX_PAGES * 8)
struct shim_mpage_case {
	struct page pages[MPAGE_MAX_PAGES];
	unsigned long npages;
	int has_buffers[MPAGE_MAX_PAGES];
	struct buffer_head bh[MPAGE_MAX_PAGES][8];
	long long disk[SHIM_MAX_BLOCKS];
	unsigned char hole[SHIM_MAX_BLOCKS], is_new[SHIM_MAX_BLOCKS], boundary[SHIM_MAX_BLOCKS];
	int indirect[SHIM_MAX_BLOCKS]; /* which metadata block maps it, + 1; 0 none */
	/* The buffer cache's metadata blocks: the layout's indirect blocks, cached and dirty or not. */
	long long meta_disk[16];
	unsigned char meta_cached[16], meta_dirty[16];
	int nmeta;
	int in_fallback; /* inside ->writepage: its I/O is block_write_full_page's, not recorded */
	unsigned char fell_back[MPAGE_MAX_PAGES]; /* handed to ->writepage */
	unsigned blocksize;
	int zero_from[MPAGE_MAX_PAGES];
	int bio_max_pages, bio_alloc_limit;
	struct bio bios[4 * MPAGE_MAX_PAGES];
	int nbios;
	/* Segments of every bio, in order: mpage builds one bio at a time, each page goes into one. */
	struct bio_vec vecs[MPAGE_MAX_PAGES];
	int nvecs;
	struct block_device bdev;
};
static struct shim_mpage_case mp;
#define BIO_MAX_PAGES (mp.bio_max_pages)
static int buffer_heads_over_limit = 0;

static inline int page_has_buffers(struct page *page) { return mp.has_buffers[page->index]; }
static inline struct buffer_head *page_buffers(struct page *page) { return &mp.bh[page->index][0]; }
static inline loff_t i_size_read(const struct inode *inode) { return inode->i_size; }
static inline int try_to_free_buffers(struct page *page) { (void)page; return 0; }
/* No ->rw_page: bdev_write_page fails and mpage builds a bio, as on the model's device. */
static inline int bdev_write_page(struct block_device *bdev, sector_t sector, struct page *page, struct writeback_control *wbc)
{ (void)bdev; (void)sector; (void)page; (void)wbc; return -EOPNOTSUPP; }
/* fs/buffer.c __find_get_block over the metadata blocks: the index of the cached one, or -1. */
static inline int shim_find_meta(sector_t block)
{
	int i;
	for (i = 0; i < mp.nmeta; i++)
		if (mp.meta_cached[i] && (sector_t)mp.meta_disk[i] == block)
			return i;
	return -1;
}

/* fs/buffer.c unmap_underlying_metadata of 4.9: a cached buffer of the block loses its dirty bit. */
static inline void unmap_underlying_metadata(struct block_device *bdev, sector_t block)
{
	int i = shim_find_meta(block);
	(void)bdev;
	if (i >= 0)
		mp.meta_dirty[i] = 0;
}

/* fs/buffer.c write_boundary_block of 4.9: the block after the boundary, if cached and dirty, is
 * written (ll_rw_block(REQ_OP_WRITE) cleans it first). Recorded as metadata I/O. */
static inline void write_boundary_block(struct block_device *bdev, sector_t bblock, unsigned blocksize)
{
	int i = shim_find_meta(bblock + 1);
	(void)bdev;
	if (i >= 0 && mp.meta_dirty[i]) {
		mp.meta_dirty[i] = 0;
		if (!mp.in_fallback)
			shim_anchor("metadata write sector %llu sectors %u", (sector_t)mp.meta_disk[i] * (blocksize >> 9), blocksize >> 9);
	}
}
static inline void wbc_init_bio(struct writeback_control *wbc, struct bio *bio) { (void)wbc; (void)bio; }
static inline void wbc_account_io(struct writeback_control *wbc, struct page *page, size_t bytes) { (void)wbc; (void)page; (void)bytes; }
static inline void guard_bio_eod(int op, struct bio *bio) { (void)op; (void)bio; }
static inline void bio_put(struct bio *bio) { (void)bio; }
static inline void page_endio(struct page *page, int is_write, int err) { (void)page; (void)is_write; (void)err; }
static inline void mapping_set_error(struct address_space *mapping, int error) { (void)mapping; (void)error; }

/* include/linux/highmem.h: the page's data is only its zeroed tail here, as in the model. */
static inline void zero_user_segment(struct page *page, unsigned start, unsigned end)
{
	(void)end;
	if ((int)start < mp.zero_from[page->index])
		mp.zero_from[page->index] = start;
}

static inline void set_page_writeback(struct page *page) { set_bit(PG_writeback, &page->flags); }

/* block/bio.c bio_alloc: fails above the case's allocation limit (memory pressure). */
static inline struct bio *bio_alloc(gfp_t gfp, unsigned nr_iovecs)
{
	struct bio *bio;
	(void)gfp;
	if (mp.bio_alloc_limit && (int)nr_iovecs > mp.bio_alloc_limit)
		return NULL;
	if (mp.nbios == 4 * MPAGE_MAX_PAGES)
		BUG();
	bio = &mp.bios[mp.nbios++];
	memset(bio, 0, sizeof(*bio));
	bio->bi_max_vecs = nr_iovecs;
	bio->bi_io_vec = &mp.vecs[mp.nvecs];
	return bio;
}

/* block/bio.c bio_add_page of 4.9: no queue limits; a merge with the last segment of the same page. */
static inline int bio_add_page(struct bio *bio, struct page *page, unsigned int len, unsigned int offset)
{
	if (bio->bi_vcnt > 0) {
		struct bio_vec *bv = &bio->bi_io_vec[bio->bi_vcnt - 1];
		if (page == bv->bv_page && offset == bv->bv_offset + bv->bv_len) {
			bv->bv_len += len;
			bio->bi_iter.bi_size += len;
			return len;
		}
	}
	if (bio->bi_vcnt >= bio->bi_max_vecs)
		return 0;
	if (&bio->bi_io_vec[bio->bi_vcnt] != &mp.vecs[mp.nvecs] || mp.nvecs == MPAGE_MAX_PAGES)
		BUG(); /* a second bio built at once, or more segments than pages */
	mp.nvecs++;
	bio->bi_io_vec[bio->bi_vcnt].bv_page = page;
	bio->bi_io_vec[bio->bi_vcnt].bv_len = len;
	bio->bi_io_vec[bio->bi_vcnt].bv_offset = offset;
	bio->bi_vcnt++;
	bio->bi_iter.bi_size += len;
	return len;
}

/* submit_bio: recorded, with its sector, size in sectors, pages and whether WRITE_SYNC. */
static inline void submit_bio(struct bio *bio)
{
	char pages[MPAGE_MAX_PAGES * 4 + 1];
	int i, used = 0;
	if (mp.in_fallback)
		return;
	pages[0] = 0;
	for (i = 0; i < bio->bi_vcnt; i++)
		used += snprintf(pages + used, sizeof(pages) - used, "%s%lu", i ? "," : "", bio->bi_io_vec[i].bv_page->index);
	shim_anchor("bio %s sector %llu sectors %u pages %s%s", bio->bi_op == REQ_OP_WRITE ? "write" : "read",
		    bio->bi_iter.bi_sector, bio->bi_iter.bi_size >> 9, pages, bio->bi_op_flags & WRITE_SYNC ? " sync" : "");
}

int generic_writepages(struct address_space *mapping, struct writeback_control *wbc);
typedef int (*writepage_t)(struct page *page, struct writeback_control *wbc, void *data);
int write_cache_pages(struct address_space *mapping, struct writeback_control *wbc, writepage_t writepage, void *data);
