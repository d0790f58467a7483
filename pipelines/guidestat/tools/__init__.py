"""Tools around the pipeline, never on its path: the demo-data generator and the benchmark."""
