/* wbcheck conformance driver: one call of 2.6.20 get_dirty_limits.
 * in: vm_total_pages, totalhigh_pages, NR_FILE_MAPPED, NR_ANON_PAGES, vm_dirty_ratio,
 * dirty_background_ratio, mapping (0 none, 1 may use highmem, 2 low memory only), PF_LESS_THROTTLE, rt task. */
void end_page_writeback(struct page *page) { (void)page; BUG(); }

__attribute__((visibility("default"))) int conform_get_dirty_limits(const long *pages, int npages, const long *in, char *out, int out_len)
{
	long background = -1, dirty = -1;
	(void)pages;
	(void)npages;
	memset(&shim, 0, sizeof(shim));
	shim.out = out;
	shim.out_len = out_len;
	vm_total_pages = (unsigned long)in[0];
	totalhigh_pages = (unsigned long)in[1];
	shim.stats[NR_FILE_MAPPED] = in[2];
	shim.stats[NR_ANON_PAGES] = in[3];
	vm_dirty_ratio = (int)in[4];
	dirty_background_ratio = (int)in[5];
	shim_mapping_gfp = in[6] == 1 ? __GFP_HIGHMEM : 0;
	shim_task.flags = in[7] ? PF_LESS_THROTTLE : 0;
	shim_task.prio = in[8] ? 50 : 120;
	shim_anchor("start");
	if (setjmp(shim.abandon))
		return shim.out_used;
	get_dirty_limits(&background, &dirty, in[6] ? &shim.mapping : NULL);
	shim_anchor("limits background %ld dirty %ld", background, dirty);
	return shim.out_used;
}
