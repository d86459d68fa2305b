class CliError(Exception):
    """Bad input or a failure the user can act on: printed as one line, exit code 2."""
