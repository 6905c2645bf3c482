"""Exporters that turn a KnowledgeGraph into files people open: the HTML explorer."""
