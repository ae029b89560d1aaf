"""Every component id, named once."""

# shell
PAGE_CONTENT = "page-content"

# units page (the four-bucket list of units)
UNITS_LOAD = "units-load"
UNITS_AS_OF = "units-as-of"
UNITS_TABLE = "units-table"
