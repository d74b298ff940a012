"""Persistence: ORM models, the database and its unit of work, migrations, the shipped plan."""
