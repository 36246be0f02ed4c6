"""A handler whose module takes INIT_SLEEP seconds to import (its init phase), then answers at once."""

import os
import time

time.sleep(float(os.environ.get("INIT_SLEEP", "0")))


def handler(event, context):
    return {"statusCode": 200, "body": f"ready, {context.get_remaining_time_in_millis()} ms left"}
