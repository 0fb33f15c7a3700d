"""The SSP service: the municipality's SSP consultant's overview of school cases."""
