"""What the app serves, without the app: ``zoo`` (the shared, read-only models), ``render`` (grids and
interpolations as pictures), ``media`` (PNG/GIF files), ``validate`` (request checks)."""
