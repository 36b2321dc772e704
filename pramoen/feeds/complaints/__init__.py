"""Traffy Fondue complaints: importer, attribution to district offices, duplicates and the component-4 KPI."""
