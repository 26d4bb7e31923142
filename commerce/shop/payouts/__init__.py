"""Payout rails: how the shop sends creators their commissions, each behind one contract."""
