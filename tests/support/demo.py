"""The demo landing the tests share (conftest.py's demo_plan, demo_wave_one and demo): its seed and size."""

DEMO_SEED = 7
DEMO_CONTACTS = 10_000
# The key conftest.py's demo_wave_one_ingested ingests under: a test that ingests more into a copy of it uses it too
DEMO_INGEST_KEY = b"k" * 32
