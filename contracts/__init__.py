"""Integration events: the published language between the three services.

Every event is a pydantic model with an explicit ``schema_version``. A published
version is never edited: a change that is not backward compatible becomes a new
version (a new class), and ``contracts/schemas/`` keeps every published JSON Schema
so that a test can catch an incompatible edit.
"""
