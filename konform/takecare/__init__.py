"""Takecare (Region Stockholm): the integration declaration and the onboarding rules."""
