"""The bot's one HTTP server (aiohttp): features mount their routes on it before it starts."""
