"""Pure numeric evaluation over numpy arrays: no I/O, no frameworks, no global state."""
