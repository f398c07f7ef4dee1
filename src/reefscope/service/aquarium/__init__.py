"""What the front doors need to answer Aquarium's client beyond ingestion: frames read back, segments,
metrics and the image-URL check."""
