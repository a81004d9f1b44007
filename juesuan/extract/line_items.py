"""TODO"""
from __future__ import annotations


def extract_line_items(document, extraction):
    pass
