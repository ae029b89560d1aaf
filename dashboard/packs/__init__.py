"""A briefing's documents for print and for spreadsheets: the memos (PDF, Excel) and their charts."""
