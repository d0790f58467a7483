"""Running unattended: one refresh at a time, whether anything is new, and what `guidestat status` shows."""
