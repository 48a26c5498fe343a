"""The review web application (`gsvlms review`); needs the ``[review]`` extra."""
