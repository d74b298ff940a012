"""Use cases: each public method runs one unit of work and returns plain records."""
