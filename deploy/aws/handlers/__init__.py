"""AWS Lambda entry points. Each runs the same core code as the local engine."""
