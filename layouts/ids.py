"""Every component id, named once."""

# shell
PAGE_CONTENT = "page-content"

# units page (the four-bucket list of units)
UNITS_LOAD = "units-load"
UNITS_AS_OF = "units-as-of"
UNITS_TABLE = "units-table"

# overview (/)
OVERVIEW_AS_OF = "overview-as-of"
OVERVIEW_PERIOD = "overview-period"
OVERVIEW_RANGE = "overview-range"
OVERVIEW_RANGE_BOX = "overview-range-box"
OVERVIEW_MESSAGE = "overview-message"
OVERVIEW_HEADLINE = "overview-headline"
OVERVIEW_RANKING = "overview-ranking"
OVERVIEW_RANKING_NOTE = "overview-ranking-note"
OVERVIEW_EXPORT_CSV = "overview-export-csv"
OVERVIEW_EXPORT_XLSX = "overview-export-xlsx"
OVERVIEW_DOWNLOAD = "overview-download"
OVERVIEW_WEEKLY_UNIT = "overview-weekly-unit"
OVERVIEW_WEEKLY_GRAPH = "overview-weekly-graph"
OVERVIEW_DAILY_GRAPH = "overview-daily-graph"
OVERVIEW_SILENT = "overview-silent"
OVERVIEW_OVERDUE = "overview-overdue"
OVERVIEW_AWAITING = "overview-awaiting"
OVERVIEW_SATISFACTION = "overview-satisfaction"
NAVIGATE = "navigate"

# one unit (/units/<code>)
UNIT_CODE = "unit-code"
UNIT_AS_OF = "unit-as-of"
UNIT_PERIOD = "unit-period"
UNIT_RANGE = "unit-range"
UNIT_RANGE_BOX = "unit-range-box"
UNIT_TITLE = "unit-title"
UNIT_MESSAGE = "unit-message"
UNIT_BODY = "unit-body"
UNIT_HEADLINE = "unit-headline"
UNIT_TASKS = "unit-tasks"
UNIT_OVERDUE = "unit-overdue"
UNIT_WEEKLY_GRAPH = "unit-weekly-graph"
UNIT_DAILY_GRAPH = "unit-daily-graph"
UNIT_RATINGS_GRAPH = "unit-ratings-graph"
UNIT_COMMENTS = "unit-comments"

# one task (/tasks/<id>)
TASK_ID = "task-id"
TASK_BODY = "task-body"
