"""Official sanctions lists: sources, releases, diffs and exports."""
