"""Search over stories and products."""
