"""Domain rules, checks and graphs: plain Python, no Qt and no database."""
