"""The ``samspil`` command and what its operator commands run (``main`` parses it).

Nothing of a deployable service imports this package (import-linter checks it): the
commands reach a running service through its HTTP API or open its store directly.
"""
