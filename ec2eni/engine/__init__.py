"""The rules engine: models, rules, errors and the state store.

Nothing in this package imports click or rich, prints, prompts or exits; the CLI layer does that.
"""
