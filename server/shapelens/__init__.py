"""ShapeLens: static shape checking for Keras Sequential models."""

__version__ = "0.1.0"
