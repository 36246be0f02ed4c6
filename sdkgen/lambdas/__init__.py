"""Running the user's Lambda functions behind the mock gateway: each function in worker processes of its own
(``pool``, ``worker``), the events API Gateway sends them (``events``), what their results become (``responses``),
and the mock's side (``integration``: which function answers which route).

Nothing here is imported unless a configuration names functions: the mock's path without them stays as it was.
"""
