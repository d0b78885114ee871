# just comments


// and blank lines

/* and a block */
