"""What the chat app needs beyond rendering, kept out of `ui/` so the pages stay thin:
answers and re-indexing as background jobs (`answering`, `reindex`), the first
screen's summary and example questions (`collection`), and feedback (`feedback`)."""
