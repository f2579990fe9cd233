"""The plan: its fields and records (fields, model), the issuing body (issuer), the YAML read with a place for
every value (loader) and written back keeping the clerk's comments (yamlsave, yamltext), the form the browser
edits (formspec), the schema, and the words of the page (compose)."""
