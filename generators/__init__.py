"""Hypothesis strategies: identifiers and payloads, valid and one-rule-broken."""
