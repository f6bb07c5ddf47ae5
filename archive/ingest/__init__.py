"""Getting articles into the archive.

Parsers turn files into plain records (records.py): seedtext.py for the seed text format,
jsonl.py for JSON Lines; detect.py proposes language, countries, pairs and agreements for
both, from language.py, countries.py, agreements.py and dates.py. files.py reads an import
run; loader.py is the one place that writes, with idempotent upserts; export.py writes the
JSON Lines the loader reads back.
"""
