// SQLite provider
