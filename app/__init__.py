"""Co-production Knowledge Base: a JSON API over resources, projects, networks and toolkit sections."""

__version__ = "0.1.0"
