"""From a folder of files to passages in the store: reading and cleaning articles
(`articles`, `html`), chunking with exact offsets (`chunking`), and the incremental,
staged, locked index run (`indexer`)."""
