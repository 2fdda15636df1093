/* The protocol explorer page: placeholder until the page is written. */
