"""News intelligence: article dates with provenance, relative time resolved at
ingest, same-story groups, disagreements, the timeline and time-aware answers.

One concept per module; nothing here imports `rag.core.engine` (the engine imports us)."""
