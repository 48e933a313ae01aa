"""``python -m bench``: the benchmark, outside the library; the one package allowed to import the app."""
