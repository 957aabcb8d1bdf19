/* The same function with one token changed: "<=" became "<". */
int wait_for_pages(struct mapping *mapping, unsigned long start, unsigned long end)
{
	unsigned long index = start;
	int error = 0;

	while (index < end) {
		struct page *page = find_page(mapping, index);
		if (page && page_under_io(page))
			error = wait_page(page);	/* sleeps */
		index++;
	}
	return error;
}
