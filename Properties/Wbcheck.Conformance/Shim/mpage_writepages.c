/* wbcheck conformance driver: one call of 4.9 mpage_writepages over the case's file layout.
 * pages: per file block, its disk block (low 32 bits) | hole << 32 | new << 33 | boundary << 34 |
 * a buffer's BH_Mapped << 35, BH_Dirty << 36, BH_Uptodate << 37 (on pages with buffers) |
 * the indirect block that maps it (its place in the list below, + 1) << 38 | its page dirty << 42 |
 * its page with buffers << 43.
 * in: i_blkbits, i_size, WB_SYNC_ALL, BIO_MAX_PAGES, bio_alloc limit (0 none), pages in the file,
 * the number of indirect blocks, then for each its disk block, cached, dirty. */
void end_page_writeback(struct page *page) { clear_bit(PG_writeback, &page->flags); }

int generic_writepages(struct address_space *mapping, struct writeback_control *wbc) { (void)mapping; (void)wbc; BUG(); return 0; }

/* 4.9 write_cache_pages as the whole-file pass sees it (nr_to_write LONG_MAX, nothing locked or
 * under writeback, no error): each dirty page in index order, locked and cleaned, to the callback;
 * it stops at an error other than AOP_WRITEPAGE_ACTIVATE. */
int write_cache_pages(struct address_space *mapping, struct writeback_control *wbc, writepage_t writepage, void *data)
{
	int ret = 0;
	unsigned long i;
	(void)mapping;
	for (i = 0; i < mp.npages; i++) {
		struct page *page = &mp.pages[i];
		if (!PageDirty(page))
			continue;
		set_bit(PG_locked, &page->flags);
		ClearPageDirty(page);
		ret = (*writepage)(page, wbc, data);
		if (ret == AOP_WRITEPAGE_ACTIVATE) {
			unlock_page(page);
			ret = 0;
		} else if (ret) {
			break;
		}
	}
	return ret;
}

/* ext2_get_block as the layout has it, one block at a time (all __mpage_writepage asks for):
 * a hole stays unmapped; a reserved block is allocated (BH_New); a boundary block says so. */
static int shim_get_block(struct inode *inode, sector_t block, struct buffer_head *bh, int create)
{
	int meta = mp.indirect[block] - 1;
	if (meta >= 0 && !mp.meta_cached[meta]) {
		/* __bread of the indirect block that maps it: submitted and waited for at once. */
		mp.meta_cached[meta] = 1;
		if (!mp.in_fallback)
			shim_anchor("metadata read sector %llu sectors %u", (sector_t)mp.meta_disk[meta] * (mp.blocksize >> 9), mp.blocksize >> 9);
	}
	if (mp.hole[block] || (mp.is_new[block] && !create))
		return 0;
	if (mp.is_new[block]) {
		/* allocated: the indirect block recording it is dirty now */
		mp.is_new[block] = 0;
		if (meta >= 0)
			mp.meta_dirty[meta] = 1;
		set_bit(BH_New, &bh->b_state);
	}
	bh->b_bdev = &mp.bdev;
	bh->b_blocknr = mp.disk[block];
	bh->b_size = 1u << inode->i_blkbits;
	set_bit(BH_Mapped, &bh->b_state);
	if (mp.boundary[block])
		set_bit(BH_Boundary, &bh->b_state);
	return 0;
}

/* The fallback, ext2_writepage -> block_write_full_page, recorded as one event; what it does with
 * the page that mpage can see is 4.9 block_write_full_page's i_size handling: zero the tail of the
 * page that straddles i_size, leave a page wholly past it (truncate's). Its own I/O is not mpage's. */
static int shim_writepage(struct page *page, struct writeback_control *wbc)
{
	struct inode *inode = page->mapping->host;
	loff_t i_size = i_size_read(inode);
	unsigned long end_index = i_size >> PAGE_SHIFT;
	unsigned offset = i_size & (PAGE_SIZE - 1);
	unsigned blkbits = inode->i_blkbits, bpp = PAGE_SIZE >> blkbits, j;
	sector_t block = (sector_t)page->index << (PAGE_SHIFT - blkbits);
	sector_t last_block = (i_size - 1) >> blkbits;
	(void)wbc;
	shim_anchor("->writepage %lu", page->index);
	mp.fell_back[page->index] = 1;
	if (page->index >= end_index) {
		if (page->index >= end_index + 1 || !offset) {
			unlock_page(page);
			return 0;
		}
		zero_user_segment(page, offset, PAGE_SIZE);
	}
	/* __block_write_full_page maps each dirty unmapped buffer below i_size (a page without
	 * buffers gets them dirty and unmapped); its allocations and metadata reads change what
	 * mpage later finds, so they are done here too, unrecorded. */
	mp.in_fallback = 1;
	for (j = 0; j < bpp && block <= last_block; j++, block++) {
		struct buffer_head *bh = &mp.bh[page->index][j];
		if (!mp.has_buffers[page->index]) {
			memset(bh, 0, sizeof(*bh));
			set_bit(BH_Dirty, &bh->b_state);
		}
		if (!buffer_mapped(bh) && buffer_dirty(bh)) {
			shim_get_block(inode, block, bh, 1);
			if (buffer_new(bh)) {
				clear_bit(BH_New, &bh->b_state);
				unmap_underlying_metadata(bh->b_bdev, bh->b_blocknr);
			}
		}
	}
	mp.in_fallback = 0;
	unlock_page(page);
	return 0;
}

static const struct address_space_operations shim_mpage_aops = { .writepage = shim_writepage };

__attribute__((visibility("default"))) int conform_mpage_writepages(const long *blocks, int nblocks, const long *in, char *out, int out_len)
{
	struct writeback_control wbc;
	int ret, i, bpp;
	char zeroed[MPAGE_MAX_PAGES * 12 + 1];
	char dirty[MPAGE_MAX_PAGES * 24 + 1];
	int used = 0, dirty_used = 0;
	memset(&shim, 0, sizeof(shim));
	memset(&mp, 0, sizeof(mp));
	shim.out = out;
	shim.out_len = out_len;
	shim.mapping.host = &shim.host;
	shim.mapping.backing_dev_info = &shim.bdi;
	shim.mapping.a_ops = &shim_mpage_aops;
	shim.host.i_blkbits = (unsigned)in[0];
	shim.host.i_size = in[1];
	bpp = (int)(PAGE_SIZE >> in[0]);
	mp.bio_max_pages = (int)in[3];
	mp.bio_alloc_limit = (int)in[4];
	mp.npages = shim.mapping.nrpages = (unsigned long)in[5];
	if (mp.npages > MPAGE_MAX_PAGES || in[6] > 15)
		return 0;
	for (i = 0; i < nblocks && i < SHIM_MAX_BLOCKS; i++) {
		long b = blocks[i];
		mp.disk[i] = b & 0xffffffffL;
		mp.hole[i] = (b >> 32) & 1;
		mp.is_new[i] = (b >> 33) & 1;
		mp.boundary[i] = (b >> 34) & 1;
		mp.indirect[i] = (int)((b >> 38) & 15);
	}
	mp.blocksize = 1u << in[0];
	mp.nmeta = (int)in[6];
	for (i = 0; i < mp.nmeta; i++) {
		mp.meta_disk[i] = in[7 + 3 * i];
		mp.meta_cached[i] = in[8 + 3 * i] != 0;
		mp.meta_dirty[i] = in[9 + 3 * i] != 0;
	}
	for (i = 0; i < (int)mp.npages; i++) {
		struct page *page = &mp.pages[i];
		long first = blocks[i * bpp];
		int j;
		page->index = i;
		page->mapping = &shim.mapping;
		set_bit(PG_uptodate, &page->flags);
		mp.zero_from[i] = PAGE_SIZE;
		if ((first >> 42) & 1)
			SetPageDirty(page);
		if (!((first >> 43) & 1))
			continue;
		mp.has_buffers[i] = 1;
		for (j = 0; j < bpp; j++) {
			struct buffer_head *bh = &mp.bh[i][j];
			long b = blocks[i * bpp + j];
			bh->b_this_page = &mp.bh[i][(j + 1) % bpp];
			bh->b_page = page;
			bh->b_size = 1u << in[0];
			bh->b_bdev = &mp.bdev;
			if ((b >> 35) & 1) {
				set_bit(BH_Mapped, &bh->b_state);
				bh->b_blocknr = mp.disk[i * bpp + j];
				if (mp.boundary[i * bpp + j])
					set_bit(BH_Boundary, &bh->b_state);
			}
			if ((b >> 36) & 1)
				set_bit(BH_Dirty, &bh->b_state);
			if ((b >> 37) & 1)
				set_bit(BH_Uptodate, &bh->b_state);
		}
	}
	memset(&wbc, 0, sizeof(wbc));
	wbc.bdi = &shim.bdi;
	wbc.sync_mode = in[2] ? WB_SYNC_ALL : WB_SYNC_NONE;
	wbc.nr_to_write = LONG_MAX;
	wbc.range_end = LLONG_MAX;
	shim_anchor("start");
	if (setjmp(shim.abandon))
		return shim.out_used;
	ret = mpage_writepages(&shim.mapping, &wbc, shim_get_block);
	zeroed[0] = 0;
	for (i = 0; i < (int)mp.npages; i++)
		if (mp.zero_from[i] < (int)PAGE_SIZE)
			used += snprintf(zeroed + used, sizeof(zeroed) - used, " %d@%d", i, mp.zero_from[i]);
	for (i = 0; i < (int)mp.npages; i++) {
		int j, any = 0;
		if (!mp.has_buffers[i] || mp.fell_back[i])
			continue;
		for (j = 0; j < bpp; j++)
			if (buffer_dirty(&mp.bh[i][j])) {
				if (any)
					dirty_used += snprintf(dirty + dirty_used, sizeof(dirty) - dirty_used, ",%d", j);
				else
					dirty_used += snprintf(dirty + dirty_used, sizeof(dirty) - dirty_used, " %d:%d", i, j);
				any = 1;
			}
	}
	/* Buffers still dirty on the pages mpage wrote itself: clean_buffers cleans those the bio carries. */
	shim_anchor("return %d zeroed%s dirty-buffers%s", ret, used ? zeroed : " none", dirty_used ? dirty : " none");
	return shim.out_used;
}
