"""`kehoach serve`: the plans of a folder, edited in a browser; the YAML stays the source of truth."""
