"""The analyzer version: bump it with every change that can change any output of archive.text."""

VERSION = "2026.11.26-28"
