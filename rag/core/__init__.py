"""The one engine every interface uses: `Engine.ask` / `ask_stream` / `ensure_index`,
question cleaning, the one `Turn` history type and follow-up condensing."""
