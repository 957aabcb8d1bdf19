// The same function, re-indented, re-wrapped and re-commented:
// its tokens are the same, so its fingerprint must be too.
int
wait_for_pages(struct mapping *mapping,
	       unsigned long start, unsigned long end)
{
    unsigned long index=start;
    int error=0;
    /*
     * Walk the range.
     */
    while (index<=end)
    {
        struct page *page =
            find_page (mapping , index);
        if (page&&page_under_io(page)) error=wait_page(page);
        index ++ ;
    }
    return error;   // done
}
