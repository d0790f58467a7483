"""The demo landing the tests share (conftest.py's demo_plan, demo_wave_one and demo): its seed and size."""

DEMO_SEED = 7
DEMO_CONTACTS = 10_000
