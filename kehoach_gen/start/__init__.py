"""New plan files: a blank starting plan for a provincial unit (starter) and last year's rolled over (rollover)."""
