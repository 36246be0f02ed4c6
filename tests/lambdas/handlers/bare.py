"""Handlers that import nothing but what they show (the worker's own imports are what a cold start costs)."""

import sys


def modules(event, context):
    """The modules loaded in the worker process when the handler runs, its working directory's first on sys.path."""
    return {"statusCode": 200, "body": " ".join(sorted(sys.modules))}


def settings(event, context):
    import os
    import time

    import extra_module  # found through the function's PYTHONPATH

    return {"statusCode": 200, "body": "|".join([time.strftime("%z"), str(os.getpid()), sys.path[0], extra_module.NAME,
                                                 os.environ.get("PYTHONHASHSEED", ""), os.getcwd()])}
