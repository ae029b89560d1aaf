"""Functions that return components for each page. No database access here."""
