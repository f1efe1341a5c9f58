"""Thin HTTP routers: they translate requests into service calls and answers."""
