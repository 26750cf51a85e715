"""The Art. 30 record of processing activities."""
