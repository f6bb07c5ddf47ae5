"""A synthetic corpus for measuring search at scale: realistic words, skewed facets, loaded by COPY.

`vocabulary` builds Russian and English word lists with their natural frequencies,
`reference` creates the outlets, country pairs and agreements the articles point to,
`articles` turns an article's ordinal into its row deterministically, and `loader` streams
those rows into PostgreSQL. The `generate_articles` and `bench` commands drive them.
"""
