"""TODO"""
from __future__ import annotations


def extract_paragraphs(document, extraction):
    pass
