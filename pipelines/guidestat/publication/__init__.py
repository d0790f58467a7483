"""Publication: disclosure control, the release (marts, manifest, atomic switch), the ministry's extracts and SDMX."""
