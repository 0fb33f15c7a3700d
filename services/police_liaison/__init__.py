"""The police-liaison service: a police district's inbox of school notifications."""
