"""The spaCy extractor: candidates, typing and relations as registered pipeline components."""
