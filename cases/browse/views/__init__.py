"""Views of the public site: thin, each reading through the models' public querysets."""
