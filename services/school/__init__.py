"""The school service: the institution that meets the victim first and owns the case."""
