"""What every output shares: escaping, slugs, URL builders, reader views, atomic writes.

Nothing here imports an output stage (readme, site, export, links), so each of them
can import from here without reaching into another.
"""
