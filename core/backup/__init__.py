"""Backups of every table and every file, as portable JSON Lines plus files."""

from core.backup.archive import BackupError
from core.backup.backup import backup
from core.backup.restore import restore

__all__ = ["BackupError", "backup", "restore"]
