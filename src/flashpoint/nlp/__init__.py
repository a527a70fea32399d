"""spaCy side of flashpoint: the pipeline and the components that find actors,
dates, places and casualty counts in a Doc."""
