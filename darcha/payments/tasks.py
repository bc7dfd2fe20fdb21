"""Periodic jobs of payments: none yet. Reconciling with payment providers' statements joins here,
registered with `darcha.core.periodic.every`, when the providers' adapters arrive."""
