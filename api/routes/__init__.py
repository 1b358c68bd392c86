"""HTTP routes, one module per area; thin: they check who asks, log the read, call services."""
