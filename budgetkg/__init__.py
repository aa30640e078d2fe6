"""budgetkg: Chinese government budget disclosures as a knowledge graph."""

__version__ = "0.1.0"
