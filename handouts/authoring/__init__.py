"""Writing content: import a blog post into an article folder, and measure
how easy each reading level is to read (``handouts check``)."""
