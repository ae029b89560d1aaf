"""Read services: one plain function per question (the overview of a window, a unit's weeks),
from a database session and a scope to frozen records. Pages, screens and exports all call
them; callbacks only parse, check, call and build components. They read and never write.
"""
