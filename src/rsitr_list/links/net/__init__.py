"""One polite HTTP exchange: the session, limits per host, scheduling, retries, bounded reads.

status     what status codes and rate-limit headers mean
session    the requests session, with a total-time cap on every exchange
body       reading as little of a body as its purpose needs, decoded within a cap
errors     what a failed exchange means (DNS, refused, TLS, timeout, not HTTP ...)
ratelimit  admission per host: in-flight cap, interval, priorities, pauses
fetch      one request with its retries
schedule   the pool that runs checks, starting work where a host has room
"""
