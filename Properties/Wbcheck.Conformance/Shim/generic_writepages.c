/* wbcheck conformance driver: one call of generic_writepages on the case's mapping. */
__attribute__((visibility("default"))) int conform_generic_writepages(const long *pages, int npages, const long *wbc_in, char *out, int out_len)
{
	struct writeback_control wbc;
	int ret;
	shim_setup(pages, npages, wbc_in, &wbc, out, out_len);
	if (setjmp(shim.abandon))
		return shim.out_used;
	ret = generic_writepages(&shim.mapping, &wbc);
	shim_finish(ret, &wbc);
	return shim.out_used;
}
