"""The ND30 rules of spec section 4 (ND30-R01 ...), one module per block of the page: each family of checks
declared in the registry (kehoach_gen/facts/findings.py) beside the small function that runs it.

Each rule reads the Layout and yields Findings; none raises, none prints. Severity E breaks a rule that
Phụ lục I of the decree states; W is template, practice or a derived tolerance. A rule names the kinds
of document it fits (every administrative document, a titled one, a Kế hoạch, a UBND's ...): the
checker says first what the file is and runs only the rules that fit it. Position and alignment are
judged by what the reader sees (a one-line justified paragraph is flush left, a line centred with
spaces or a centre tab is centred), sizes by the ranges Phụ lục I states.

The blocks are imported in the order of the page: the rules run, and their findings are printed, in it.
"""

from kehoach_gen.check.rules import page, header, title, recipients, body, signature, appendix, consistency  # noqa: F401, I001  (the page's order)
from kehoach_gen.check.rules.base import RULES, SCOPE

__all__ = ["RULES", "SCOPE"]
