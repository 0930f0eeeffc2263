"""Training-time tools (not installed; their extra dependencies are in the `train-digits`
extra of pyproject.toml)."""
