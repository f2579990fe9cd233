"""kehoach-gen: drafts the Kế hoạch of a provincial People's Committee per Nghị định 30/2020/NĐ-CP."""

import os as _os

# pydantic looks for plugins through every installed package's entry points when the first model is
# built; kehoach-gen uses none, and the search costs more than validating a plan.
_os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
