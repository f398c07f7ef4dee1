"""Side-by-side benchmarks against peer libraries (`make bench`)."""
