"""Thin views: parse the request, call one service, render, redirect or answer JSON."""
