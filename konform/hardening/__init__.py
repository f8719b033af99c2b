"""Hostile input for every simulator and for `konform validate`: the attacks and how they are sent."""
