"""Running the services: one in this process (``samspil serve``), or the whole system as
supervised processes (``samspil up``).

Nothing of a deployable service imports this package (import-linter checks it).
"""
