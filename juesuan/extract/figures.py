"""TODO"""
from __future__ import annotations


def extract_narrative_figures(document, extraction):
    pass
