"""claimcheck: check the citations and claims of a scholarly paper."""

__version__ = "0.1.0"
