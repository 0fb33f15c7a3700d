"""The case-handling domain: aggregates, value objects and rules, free of I/O.

Nothing here imports a database driver, Kafka client or web framework, so the
rules of the handling model (håndteringsmodellen) and the action card
(actioncard) can be read, tested and reused on their own.
"""
