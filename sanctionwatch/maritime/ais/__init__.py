"""AIS decoding (NMEA), table readers (CSV, Parquet) and cleaning; ``maritime.ingest`` ties them to the store."""
