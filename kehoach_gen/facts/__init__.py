"""Facts written once: Nghị định 30 and Phụ lục I (nd30), Vietnamese conventions (vn, textdates, provinces,
wording), Word's units and namespace (wordml), text widths (metrics), the plan's inline markup (inline), its
size limits (sizes) and the table of checks (findings). Imports nothing of the project but errors."""
