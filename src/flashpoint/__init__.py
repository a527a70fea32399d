"""flashpoint: news reports about a conflict in, sourced PLOVER event records out."""

__version__ = "0.1.0"
