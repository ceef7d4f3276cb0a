"""The monitoring run: from a detection run to cases with evidence, letters and the report."""
