"""Versions of a plan compared and carried: alignment (align), the structural diff (diff), the tracked-changes
review copy (tracked, trackdocx), and a leader's Word edits and comments read (wordedits, wordnotes) and merged
back into the YAML (merge_back)."""
