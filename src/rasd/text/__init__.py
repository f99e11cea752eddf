"""Text stage: cleaning, normalisation for matching, sentence splitting."""
