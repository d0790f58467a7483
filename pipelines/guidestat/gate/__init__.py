"""The validation gate: what must hold in the marts before anything is published."""
