"""Command-line tools (`nxc`)."""
