"""The three deployable services (school, SSP, police liaison) and the kit they share; on
top of them the operator's ``samspil`` command (``cli``) and what runs them (``run``)."""
