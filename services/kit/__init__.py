"""The shared service kit: what every Samspil service is built from.

A service supplies its application, its HTTP routes, what it publishes and what it
consumes; the kit supplies the encrypted store, the outbox relay, exactly-once
consumption with a dead-letter topic, error mapping and the process lifecycle.
"""
