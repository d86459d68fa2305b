"""Keeping the tracker (applications and interviews) up to date from email."""
