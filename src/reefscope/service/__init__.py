"""What the front doors share: cached evaluators, segments, comparisons, examples, verdicts."""
