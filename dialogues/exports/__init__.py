"""Joint-recommendation documents (PDF, DOCX, Markdown) and data exports (JSON, CSV)."""
