"""TODO"""
from __future__ import annotations


def extract_tables(document, extraction):
    pass
