"""Deadlines: when something the handling model asks for is due, counted in a Danish calendar."""
