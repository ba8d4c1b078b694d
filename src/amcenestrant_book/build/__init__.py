"""The build tool of the book (validate, execute stale chapters, render, PDF), apart from the
library the chapters import. `python -m amcenestrant_book` runs its command line (`cli`)."""
