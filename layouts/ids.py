"""Every component id, named once."""

# shell
PAGE_CONTENT = "page-content"
DB_NOTICE = "db-notice"  # "the database cannot take changes now" over every page

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
OVERVIEW_BODY = "overview-body"  # hidden while the period asked for cannot be shown
OVERVIEW_HEADLINE = "overview-headline"
OVERVIEW_RANKING = "overview-ranking"
OVERVIEW_RANKING_NOTE = "overview-ranking-note"
OVERVIEW_RANKING_SOURCE = "overview-ranking-source"  # the figures the ranking's pages are read from
OVERVIEW_RANKING_REQUEST = "overview-ranking-request"  # the page asked for: its sort, search and rows
OVERVIEW_RANKING_SHOWN = "overview-ranking-shown"  # the page shown (asking past the last row shows page one)
OVERVIEW_RANKING_SEARCH = "overview-ranking-search"
OVERVIEW_RANKING_COUNT = "overview-ranking-count"
OVERVIEW_RANKING_PREVIOUS = "overview-ranking-previous"
OVERVIEW_RANKING_NEXT = "overview-ranking-next"
SORT_BUTTON = "sort-button"  # a column's sort button: {"type": SORT_BUTTON, "table": name, "column": field}
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
MENU_TOGGLE = "menu-toggle"  # the header's menu button on a phone
MENU = "menu"

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

# task actions (/tasks/<id>)
TASK_REFRESH = "task-refresh"
TASK_VERSION = "task-version"
TASK_MESSAGE = "task-message"
TASK_HEAD_ACTIONS = "task-head-actions"
TASK_LEADER_ACTIONS = "task-leader-actions"
UPDATE_STATUS = "update-status"
UPDATE_PROGRESS = "update-progress"
UPDATE_NOTE = "update-note"
UPDATE_SAVE = "update-save"
EXTENSION_DATE = "extension-date"
EXTENSION_REASON = "extension-reason"
EXTENSION_SEND = "extension-send"
DIFFICULTY_TEXT = "difficulty-text"
DIFFICULTY_SEND = "difficulty-send"
LEADER_NOTE_KIND = "leader-note-kind"
LEADER_NOTE_TEXT = "leader-note-text"
LEADER_NOTE_SEND = "leader-note-send"
DECISION_BOX = "decision-box"
DECISION_NOTE = "decision-note"
DECISION_APPROVE = "decision-approve"
DECISION_REJECT = "decision-reject"
CANCEL_REASON = "cancel-reason"
CANCEL_SEND = "cancel-send"

# the unit head's quick update (unit page)
MY_TASKS = "my-tasks"
MY_URGES = "my-urges"
QUICK_OPEN = "quick-open"  # pattern-matching: {"type": QUICK_OPEN, "index": task id}
QUICK_MODAL = "quick-modal"
QUICK_TARGET = "quick-target"
QUICK_TITLE = "quick-title"
QUICK_CHOICE = "quick-choice"
QUICK_NOTE = "quick-note"
QUICK_SAVE = "quick-save"
QUICK_MESSAGE = "quick-message"  # on the page: what was saved
QUICK_CURRENT = "quick-current"  # where the task stands now
QUICK_PROBLEM = "quick-problem"  # inside the dialog: why it was not
MY_REFRESH = "my-refresh"

# the register (/tasks)
REGISTER_URL = "register-url"
REGISTER_SEARCH = "register-search"
REGISTER_UNIT = "register-unit"
REGISTER_STATUS = "register-status"
REGISTER_BUCKET = "register-bucket"
REGISTER_PRIORITY = "register-priority"
REGISTER_DUE = "register-due"
REGISTER_GRID = "register-grid"  # the table of tasks, a page at a time
REGISTER_BODY = "register-body"  # the table and its pager, hidden until the first answer
REGISTER_REQUEST = "register-request"  # the page asked for: its rows and sort
REGISTER_SHOWN = "register-shown"  # the page shown (new filters start again at page one)
REGISTER_PREVIOUS = "register-previous"
REGISTER_NEXT = "register-next"
REGISTER_PAGE_COUNT = "register-page-count"
REGISTER_COUNT = "register-count"
REGISTER_NEW = "register-new"
NEW_MODAL = "new-modal"
NEW_MODAL_TITLE = "new-modal-title"
NEW_TITLE = "new-title"
NEW_DESCRIPTION = "new-description"
NEW_SOURCE = "new-source"
NEW_EXPECTED = "new-expected"
NEW_UNITS = "new-units"
NEW_ALL_COMMUNES = "new-all-communes"
NEW_PRIORITY = "new-priority"
NEW_START = "new-start"
NEW_DUE = "new-due"
NEW_SAVE = "new-save"
NEW_MESSAGE = "new-message"  # inside the dialog: why it was refused
REGISTER_MESSAGE = "register-message"  # on the page: what was assigned


def quick_open(task_id: int) -> dict:
    return {"type": QUICK_OPEN, "index": task_id}
REGISTER_REFRESH = "register-refresh"
EDIT_TITLE = "edit-title"
EDIT_UNIT = "edit-unit"
EDIT_START = "edit-start"
EDIT_DUE = "edit-due"
EDIT_PRIORITY = "edit-priority"
EDIT_REASON = "edit-reason"
EDIT_SAVE = "edit-save"

# administration (/admin)
ADMIN_REFRESH = "admin-refresh"
ADMIN_BODY = "admin-body"
ADMIN_REFUSED = "admin-refused"
ADMIN_MESSAGE = "admin-message"
ADMIN_USERS = "admin-users"
ADMIN_UNITS = "admin-units"
ADMIN_AUDIT = "admin-audit"
NEW_USER_NAME = "new-user-name"
NEW_USER_FULL = "new-user-full"
NEW_USER_ROLE = "new-user-role"
NEW_USER_UNIT = "new-user-unit"
NEW_USER_PASSWORD = "new-user-password"
NEW_USER_SAVE = "new-user-save"
CHANGE_USER = "change-user"
CHANGE_USER_ROLE = "change-user-role"
CHANGE_USER_UNIT = "change-user-unit"
CHANGE_USER_ACTIVE = "change-user-active"
CHANGE_USER_PASSWORD = "change-user-password"
CHANGE_USER_SAVE = "change-user-save"
RESET_PASSWORD_SAVE = "reset-password-save"
NEW_UNIT_CODE = "new-unit-code"
NEW_UNIT_NAME = "new-unit-name"
NEW_UNIT_KIND = "new-unit-kind"
NEW_UNIT_SAVE = "new-unit-save"
CHANGE_UNIT = "change-unit"
CHANGE_UNIT_NAME = "change-unit-name"
CHANGE_UNIT_ACTIVE = "change-unit-active"
PUBLIC_UNIT = "public-unit"  # the unit whose results are published, or no longer
PUBLIC_CHOICE = "public-choice"
PUBLIC_SAVE = "public-save"
CALENDAR_DAY = "calendar-day"  # the admin's working calendar: a day, its kind, a note, and the list
CALENDAR_KIND = "calendar-kind"
CALENDAR_NOTE = "calendar-note"
CALENDAR_SAVE = "calendar-save"
CALENDAR_LIST = "calendar-list"
CHANGE_UNIT_SAVE = "change-unit-save"
UPDATE_OFFICIAL = "update-official"
UNIT_SUPERVISION = "unit-supervision"
NEW_COORDINATING = "new-coordinating"

# satisfaction (/satisfaction)
SAT_AS_OF = "sat-as-of"
SAT_PERIOD = "sat-period"
SAT_RANGE = "sat-range"
SAT_RANGE_BOX = "sat-range-box"
SAT_UNIT = "sat-unit"
SAT_MESSAGE = "sat-message"
SAT_BODY = "sat-body"  # hidden until the first answer: nothing below the controls jumps
SAT_SUMMARY = "sat-summary"
SAT_DIMENSIONS = "sat-dimensions"
SAT_RANKING = "sat-ranking"
SAT_POINTS = "sat-points"
SAT_POINTS_FIRST = "sat-points-first"  # the place of the first point shown (0-based)
SAT_POINTS_PREVIOUS = "sat-points-previous"
SAT_POINTS_NEXT = "sat-points-next"
SAT_POINTS_COUNT = "sat-points-count"
SAT_RANKING_FIRST = "sat-ranking-first"  # the place of the first unit shown (0-based)
SAT_RANKING_PREVIOUS = "sat-ranking-previous"
SAT_RANKING_NEXT = "sat-ranking-next"
SAT_RANKING_COUNT = "sat-ranking-count"
SAT_TREND = "sat-trend"
SAT_DISTRIBUTION = "sat-distribution"
SAT_REJECTIONS = "sat-rejections"
SAT_SEARCH = "sat-search"
SAT_SCORE = "sat-score"
SAT_COMMENTS = "sat-comments"
SAT_COMMENT_COUNT = "sat-comment-count"  # "comments 21–40 of 1,234"
SAT_COMMENT_PAGER = "sat-comment-pager"
SAT_COMMENT_NEWER = "sat-comment-newer"
SAT_COMMENT_OLDER = "sat-comment-older"
SAT_COMMENT_CURSOR = "sat-comment-cursor"  # the page shown: its first and last comment, its place
SAT_REFRESH = "sat-refresh"
SAT_HIDE_REASON = "sat-hide-reason"
SAT_MODERATION = "sat-moderation"
SAT_HELD = "sat-held"
RELEASE_HELD = "release-held"  # pattern-matching: {"type": RELEASE_HELD, "index": "point id:day"}
KEEP_OUT_HELD = "keep-out-held"
HIDE_RATING = "hide-rating"  # pattern-matching: {"type": HIDE_RATING, "index": rating id}
FOLLOW_UP = "follow-up"  # pattern-matching: {"type": FOLLOW_UP, "index": rating id}
SAT_POINT = "sat-point"
NEW_POINT_UNIT = "new-point-unit"
NEW_POINT_LABEL = "new-point-label"
NEW_POINT_CODE = "new-point-code"
NEW_POINT_SAVE = "new-point-save"

# meeting-room display (/display/<secret>, its own Dash app under /display/)
DISPLAY_URL = "display-url"
DISPLAY_CONFIG = "display-config"
DISPLAY_WANTED = "display-wanted"
DISPLAY_SHOWN = "display-shown"
DISPLAY_HEALTH = "display-health"
DISPLAY_PROBE_TICK = "display-probe-tick"
DISPLAY_ROTATE_TICK = "display-rotate-tick"
DISPLAY_CLOCK_TICK = "display-clock-tick"
DISPLAY_NAME = "display-name"
DISPLAY_CLOCK = "display-clock"
DISPLAY_STAMP = "display-stamp"
DISPLAY_ROOT = "display-root"
DISPLAY_DOTS = "display-dots"
DISPLAY_REVOKED = "display-revoked"
DISPLAY_SLIDE = "display-slide"  # pattern-matching: {"type": DISPLAY_SLIDE, "name": slide}
DISPLAY_BODY = "display-body"  # pattern-matching: {"type": DISPLAY_BODY, "name": slide}

# display administration (/admin, "Screens" tab); form fields are f"{form}-{field}"
ADMIN_DISPLAYS = "admin-displays"
NEW_DISPLAY = "new-display"
CHANGE_DISPLAY = "change-display"
DISPLAY_FIELDS = ("name", "slides", "rotate", "refresh", "locale", "expires")
NEW_DISPLAY_SAVE = "new-display-save"
CHANGE_DISPLAY_PICK = "change-display-pick"
CHANGE_DISPLAY_SAVE = "change-display-save"
ROTATE_DISPLAY = "rotate-display"
REVOKE_DISPLAY = "revoke-display"
DISPLAY_LINK = "display-link"

# citizens' recommendations (/recommendations)
REC_SHOW = "rec-show"  # which ones: open, awaiting approval, answered, all
REC_LIST = "rec-list"
REC_BODY = "rec-body"  # the pager and the list, hidden until the first answer
REC_PAGE = "rec-page"  # the page of the list shown (a number from 0)
REC_COUNT = "rec-count"
REC_PREVIOUS = "rec-previous"
REC_NEXT = "rec-next"
REC_REFRESH = "rec-refresh"
REC_MESSAGE = "rec-message"  # on the page: what was saved
REC_OPEN = "rec-open"  # pattern-matching: {"type": REC_OPEN, "index": recommendation id}
REC_MODAL = "rec-modal"
REC_TARGET = "rec-target"  # {"id": …, "version": …} of the one being answered
REC_TITLE = "rec-title"
REC_TEXT = "rec-text"  # the citizen's text, in the dialog
REC_ANSWER = "rec-answer"
REC_PROBLEM = "rec-problem"  # inside the dialog: why it was not saved
REC_DRAFT = "rec-draft"  # "send for approval"
REC_PUBLISH = "rec-publish"


def rec_open(recommendation_id: int) -> dict:
    return {"type": REC_OPEN, "index": recommendation_id}
REGISTER_IMPORT = "register-import"  # opens the Excel import
IMPORT_MODAL = "import-modal"
IMPORT_MODAL_TITLE = "import-modal-title"
IMPORT_TEMPLATE = "import-template"  # downloads the template
IMPORT_DOWNLOAD = "import-download"
IMPORT_UPLOAD = "import-upload"
IMPORT_PREVIEW = "import-preview"  # the sheet's problems, or the rows ready
IMPORT_SAVE = "import-save"
REGISTER_EXPORT_CSV = "register-export-csv"  # every task the filters select, in the table's sort
REGISTER_EXPORT_XLSX = "register-export-xlsx"
REGISTER_DOWNLOAD = "register-download"
OPENED_PAGE_CHECK = "opened-page-check"  # the browser checks the page laid out is the one it is on
