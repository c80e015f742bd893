"""Records in and out in bulk: the case fixtures' loader, backups and restores."""
