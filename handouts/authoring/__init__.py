"""Writing content: import a blog post into an article folder (readers/ for
each kind of file, debris and header rules, folder to write it), and measure
how easy each reading level is to read (``handouts check``)."""
