"""kehoach-gen: drafts the Kế hoạch of a provincial People's Committee per Nghị định 30/2020/NĐ-CP."""

# The one place the version is written (pyproject.toml reads it from here): the renderer names it in
# docProps/app.xml, and looking it up in the installed metadata costs a process about 15 ms.
__version__ = "0.1.0"
