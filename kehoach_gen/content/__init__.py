"""What a leader would send back that no layout rule sees: the content checks (ND-C01 ...).

Pure functions over the model (or over plain paragraphs of any .docx) returning findings; each finding on
a plan is located at the YAML file:line:col the loader recorded for the value. Errors are things that
cannot be right (a cited document dated after the plan), warnings are things to look at, leftovers are
what the clerk still has to fill in (a starter's sample name, an import's "[Cần bổ sung ...]", an empty
table). Drafts render with all of them; the final mode (`--ban-chinh-thuc`) refuses errors and leftovers.
"""

from kehoach_gen.content.dates import date_hits, issue_hits
from kehoach_gen.content.findings import Context, Finding, blocking, summary
from kehoach_gen.content.leftovers import leftover_hits
from kehoach_gen.content.plan import check_plan, load_checked, load_checked_with_data

__all__ = ["Context", "Finding", "blocking", "check_plan", "date_hits", "issue_hits", "leftover_hits",
           "load_checked", "load_checked_with_data", "summary"]
