"""How Samspil stores, encrypts, carries and logs: event stores, keys, Kafka, structlog."""
