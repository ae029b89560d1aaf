"""The daily digest as words (in either language) and as mail."""
