"""The three deployable services (school, SSP, police liaison) and the kit they share."""
