"""Catalogue, cart, checkout, orders and payments."""
