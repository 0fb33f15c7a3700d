"""The content-blind matching deployment: one incident across SSP deployments."""
