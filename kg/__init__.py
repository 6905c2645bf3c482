"""kg: scientific paper abstracts in, a typed knowledge graph of methods, tasks, datasets,
metrics and concepts out."""

__version__ = "0.1.0"
