"""Voces: periódico comunitario / community newspaper publishing system."""

__version__ = "0.1.0"
