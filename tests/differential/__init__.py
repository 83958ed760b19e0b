"""Differential tests of the shape engine against real Keras."""
