"""cablerdf: a linked-data publisher for the US diplomatic cables of the 2010-11 Cablegate release."""

__version__ = "0.1.0"
