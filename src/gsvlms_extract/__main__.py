"""``python -m gsvlms_extract``: the ``gsvlms`` command."""

from gsvlms_extract.cli import main

if __name__ == "__main__":
    main()
