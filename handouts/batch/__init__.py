"""Batch: every handout for every location of a clinic chain, in parallel,
incremental, resumable and shardable, with a manifest. :func:`.run.run_batch`
is the entry point; its steps are the modules locations, plan (with keys),
workers and manifest."""
