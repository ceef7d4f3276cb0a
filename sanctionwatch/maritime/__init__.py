"""Maritime monitoring: AIS ingest into a Parquet store, detectors run on DuckDB (or Spark), events.

``ais/`` decodes and cleans (NMEA, CSV layouts, Parquet); ``store`` keeps the canonical tables as
Parquet partitioned by day; ``engine`` runs the detectors' SQL; ``detectors/`` holds one versioned
detector per behaviour; ``scenario/`` writes synthetic traffic with planted evasion and its truth.
"""
