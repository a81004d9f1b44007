"""TODO"""
from __future__ import annotations


def extract_performance(document, extraction):
    pass
