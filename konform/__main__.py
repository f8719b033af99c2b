"""`python -m konform`: the same command as the `konform` script."""

from konform.cli import main

if __name__ == "__main__":
    main(prog_name="konform")
