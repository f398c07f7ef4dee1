"""One reader per on-disk format, each turning files into validated tables."""
