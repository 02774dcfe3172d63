"""Reference data: provinces, regions, activity contents, support caps."""
