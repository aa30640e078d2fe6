"""Loaders: read budget disclosures (text and PDF) into typed records."""
