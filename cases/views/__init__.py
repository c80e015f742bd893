"""Public views: thin, each reading through the models' public querysets."""
