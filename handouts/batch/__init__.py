"""Batch: every handout for every location of a clinic chain, in parallel,
incremental, resumable and shardable, with a manifest."""
