"""TODO"""
from __future__ import annotations


def extract_report(document, extraction):
    pass
